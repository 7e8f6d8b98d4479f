import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Analysis } from '../../src/read/analyze-message.js';
import { parseMessage } from '../../src/parse/parse-message.js';
import { buildMail, COMPLETION_QUOTE, quoted, type MailSpec } from '../helpers/mail.js';

async function analyze(spec: MailSpec | Buffer): Promise<Analysis> {
  return analyzeMessage(await parseMessage(Buffer.isBuffer(spec) ? spec : buildMail(spec)));
}

const GMAIL_JA = '2026年11月20日(金) 15:02 Bizメール&ウェブ SSLデスク <ssl-desk@biz-mail.example.jp>:';

interface Case {
  name: string;
  spec: MailSpec;
  intent: Analysis['intent'];
  commonName?: string | null;
  reason?: string | null;
  reasonContains?: string[];
  reasonExcludes?: string[];
}

const CASES: Case[] = [
  // Requests, in the forms customers write them.
  {
    name: 'labels only, full-width colon',
    spec: { body: 'コモンネーム：www.sample.co.jp\nキャンセル理由：サイト閉鎖のため' },
    intent: 'cancellation',
    commonName: 'www.sample.co.jp',
    reason: 'サイト閉鎖のため',
  },
  {
    name: 'polite request with cause clause',
    spec: { body: '予算削減のため、www.sample.co.jp の証明書のキャンセルをお願いいたします。' },
    intent: 'cancellation',
    commonName: 'www.sample.co.jp',
    reasonContains: ['予算削減のため'],
  },
  {
    name: 'could you cancel (polite question)',
    spec: { body: 'www.sample.co.jpの証明書をキャンセルしていただけますでしょうか。' },
    intent: 'cancellation',
    commonName: 'www.sample.co.jp',
    reason: null,
  },
  {
    name: 'wish then ask',
    spec: {
      body: 'shop.sample.co.jpの証明書のキャンセルをお願いしたいのですが、よろしいでしょうか。\n理由：事業縮小のため',
    },
    intent: 'cancellation',
    commonName: 'shop.sample.co.jp',
    reasonContains: ['事業縮小'],
  },
  {
    name: 'noun request in the subject',
    spec: { subject: 'キャンセル依頼 www.sample.co.jp', body: 'よろしくお願いします。' },
    intent: 'cancellation',
    commonName: 'www.sample.co.jp',
  },
  {
    name: 'kaiyaku',
    spec: { body: 'www.sample.co.jp の証明書を解約します。理由は事務所の移転です。' },
    intent: 'cancellation',
    reasonContains: ['事務所の移転'],
  },
  {
    name: 'torikeshi',
    spec: { body: 'www.sample.co.jp の証明書の取り消しをお願いします。' },
    intent: 'cancellation',
    commonName: 'www.sample.co.jp',
  },
  {
    name: 'en please cancel, because',
    spec: { body: 'Please cancel the certificate for www.sample.com because we moved to another provider.' },
    intent: 'cancellation',
    commonName: 'www.sample.com',
    reasonContains: ['we moved to another provider'],
  },
  {
    name: 'en we would like to cancel, reason label',
    spec: {
      body: 'Hello,\n\nWe would like to cancel our certificate.\nCommon Name: WWW.SAMPLE.COM\nReason: budget cuts\n\nBest regards,\nLisa',
    },
    intent: 'cancellation',
    commonName: 'www.sample.com',
    reason: 'budget cuts',
  },
  {
    name: 'bottom-posted Thunderbird reply',
    spec: {
      body: `On 2026/11/20 15:02, SSL Desk wrote:\n${quoted(COMPLETION_QUOTE)}\n\nキャンセルをお願いします。\nコモンネーム: www.sample.co.jp\nキャンセル理由: 重複して申し込んだため`,
    },
    intent: 'cancellation',
    reasonContains: ['重複して申し込んだため'],
    reasonExcludes: ['証明書料金'],
  },
  {
    name: 'ISO-2022-JP, Gmail quote',
    spec: {
      charset: 'iso-2022-jp',
      body: `キャンセルをお願いします。\nコモンネーム：www.sample.co.jp\nキャンセル理由：移転のため ①②\n\n${GMAIL_JA}\n\n${quoted(COMPLETION_QUOTE)}`,
    },
    intent: 'cancellation',
    reasonContains: ['移転のため'],
  },
  {
    name: 'two-line Gmail attribution in English',
    spec: {
      body: `Cancel please. CN: www.sample.com, reason: closing.\n\nOn Fri, Nov 20, 2026 at 3:02 PM SSL Desk <\nssl-desk@biz-mail.example.jp> wrote:\n${quoted(COMPLETION_QUOTE)}`,
    },
    intent: 'cancellation',
    commonName: 'www.sample.com',
  },
  {
    name: 'multi-line reason stops at the sign-off',
    spec: {
      body: 'コモンネーム：www.sample.co.jp\nキャンセル理由：\n・予算の都合\n・公開の延期\nよろしくお願いいたします。\n\n-- \n田中\nTEL 03-0000-1111',
    },
    intent: 'cancellation',
    reasonContains: ['予算の都合', '公開の延期'],
    reasonExcludes: ['よろしく', '03-0000-1111'],
  },
  {
    name: 'wildcard in prose',
    spec: { body: '*.sample.ne.jp のワイルドカード証明書をキャンセルしてください。' },
    intent: 'cancellation',
    commonName: '*.sample.ne.jp',
  },

  // Not requests: the false cancellations to avoid.
  {
    name: 'only quotes our mail',
    spec: { body: `ありがとうございました。\n\n${GMAIL_JA}\n\n${quoted(COMPLETION_QUOTE)}` },
    intent: 'other',
    commonName: null,
    reason: null,
  },
  {
    name: 'pastes our mail without any quote marker',
    spec: { body: `承知しました。\n\n${COMPLETION_QUOTE}` },
    intent: 'other',
    commonName: null,
  },
  {
    name: 'negation: キャンセルはしません',
    spec: { body: 'www.sample.co.jp はキャンセルはしません。引き続きよろしくお願いします。' },
    intent: 'other',
    reason: null,
  },
  { name: 'negation: no plans to cancel', spec: { body: 'キャンセルの予定はございません。' }, intent: 'other' },
  {
    name: 'fee question',
    spec: { body: 'もしキャンセルした場合、費用はいくらかかりますか？' },
    intent: 'other',
    reason: null,
  },
  {
    name: 'is it possible',
    spec: { body: 'コモンネーム：www.sample.co.jp\nこの証明書のキャンセルは可能でしょうか。' },
    intent: 'other',
  },
  {
    name: 'fee inquiry without question mark',
    spec: { body: 'キャンセル料について教えてください。' },
    intent: 'other',
  },
  {
    name: 'withdraws an earlier cancellation',
    spec: { body: '先日お送りしたキャンセル依頼は取り消しでお願いします。\nコモンネーム：www.sample.co.jp' },
    intent: 'withdrawal',
  },
  {
    name: 'not a cancellation but a renewal',
    spec: { body: 'キャンセルではなく、更新をお願いします。' },
    intent: 'other',
  },
  {
    name: 'en do not cancel',
    spec: { body: 'Please do not cancel the certificate for www.sample.com.' },
    intent: 'other',
  },
  {
    name: 'en how do I cancel',
    spec: { body: 'How do I cancel the certificate for www.sample.com?' },
    intent: 'other',
  },
  { name: 'en if we cancel', spec: { body: 'If we cancel now, will we be charged the setup fee?' }, intent: 'other' },
  {
    name: 'forwarded to a colleague',
    spec: {
      subject: 'Fwd: キャンセル手続き',
      body: 'FYI\n\n---------- Forwarded message ---------\nFrom: 田中 <m.tanaka@sample.co.jp>\nコモンネーム：www.sample.co.jp\nキャンセル理由：不要のため',
    },
    intent: 'other',
  },
  {
    name: 'Outlook header block (ja) without rule line',
    spec: {
      body: '了解しました。\n\n差出人: SSLデスク <ssl-desk@biz-mail.example.jp>\n送信日時: 2026年11月20日 15:02\n宛先: 田中\n件名: キャンセル\n\nコモンネーム：www.sample.co.jp\nキャンセル理由：テスト',
    },
    intent: 'other',
  },
  {
    name: 'JPRS notice',
    spec: {
      from: 'JPRS <info@jprs.jp>',
      subject: 'WHOIS情報の正確性確認のお願い',
      body: 'ドメイン名登録情報の正確性確認をお願いします。',
    },
    intent: 'other',
  },

  // Automatic mail.
  {
    name: 'auto-reply by header',
    spec: { headers: { 'Auto-Submitted': 'auto-replied' }, body: 'キャンセルをお願いします。' },
    intent: 'auto_reply',
    reason: null,
  },
  {
    name: 'auto-reply by bracketed subject',
    spec: { subject: '【自動返信】お問い合わせありがとうございます', body: '担当者より折り返します。' },
    intent: 'auto_reply',
  },
  { name: 'Precedence: bulk', spec: { headers: { Precedence: 'bulk' }, body: 'ニュースレター' }, intent: 'auto_reply' },
  {
    name: 'bounce from MAILER-DAEMON',
    spec: {
      from: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.sample.co.jp>',
      subject: 'Undelivered Mail Returned to Sender',
      body: 'The mail system: user unknown',
    },
    intent: 'bounce',
  },

  // Contact changes.
  {
    name: 'contact change (ja, labelled)',
    spec: {
      subject: '担当者変更のお願い',
      body: '担当者が変わりましたのでご連絡します。\n新担当者：木村 裕子 様\nメール：Y.Kimura@sample.co.jp\n電話：０６－１１１１－２２２２',
    },
    intent: 'contact_change',
  },
];

describe('analyzeMessage: what a reply asks for', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const a = await analyze(c.spec);
      expect(a.intent, JSON.stringify(a.why)).toBe(c.intent);
      if (c.commonName !== undefined) expect(a.commonName).toBe(c.commonName);
      if (c.reason !== undefined) expect(a.reason).toBe(c.reason);
      for (const s of c.reasonContains ?? []) expect(a.reason ?? '').toContain(s);
      for (const s of c.reasonExcludes ?? []) expect(a.reason ?? '').not.toContain(s);
    });
  }

  it('takes the new contact’s fields, folding full-width digits', async () => {
    const a = await analyze(CASES.at(-1)!.spec);
    expect(a.contactChange).toEqual({ name: '木村 裕子', email: 'y.kimura@sample.co.jp', phone: '06-1111-2222' });
  });

  it('says why: the rule and the line', async () => {
    const a = await analyze({ body: 'コモンネーム：www.sample.co.jp\nキャンセル理由：閉鎖のため' });
    expect(a.why).toContainEqual(expect.objectContaining({ stage: 'extract', rule: 'common name by label', line: 1 }));
    expect(a.why).toContainEqual(
      expect.objectContaining({ stage: 'extract', rule: expect.stringMatching(/^reason by label/), line: 2 }),
    );
  });
});

describe('charsets Japanese mail arrives in', () => {
  const body = 'コモンネーム：www.sample.co.jp\nキャンセル理由：㈱サンプルへの統合のため①';
  const cases: Array<[string, MailSpec]> = [
    ['ISO-2022-JP', { charset: 'iso-2022-jp', body: body.replace('㈱', '株式会社').replace('①', '') }],
    ['Shift_JIS with CP932 characters', { charset: 'shift_jis', body }],
    ['EUC-JP', { charset: 'euc-jp', body: body.replace('㈱', '株式会社').replace('①', '') }],
    [
      'JIS with no charset parameter',
      { charset: 'iso-2022-jp', label: '', body: body.replace('㈱', '株式会社').replace('①', '') },
    ],
    ['Shift_JIS labelled UTF-8', { charset: 'shift_jis', label: 'utf-8', body }],
    ['Shift_JIS labelled ISO-2022-JP', { charset: 'shift_jis', label: 'iso-2022-jp', body }],
    ['UTF-8 labelled Shift_JIS', { charset: 'utf-8', label: 'shift_jis', body }],
    [
      'EUC-JP labelled Shift_JIS',
      { charset: 'euc-jp', label: 'shift_jis', body: body.replace('㈱', '株式会社').replace('①', '') },
    ],
  ];
  for (const [name, spec] of cases) {
    it(name, async () => {
      const a = await analyze(spec);
      expect(a.intent).toBe('cancellation');
      expect(a.commonName).toBe('www.sample.co.jp');
      expect(a.reason).toMatch(/サンプルへの統合のため/);
    });
  }
});

// The shared corpus sits beside the project (../shared/corpus, ../shared/corpus-2); CI has it.
// Its absence is a failure that says where it is expected, never a silent skip.
const CORPUS_DIRS = [
  resolve(import.meta.dirname, '../../../shared/corpus'),
  resolve(import.meta.dirname, '../../../shared/corpus-2'),
  resolve(import.meta.dirname, '../fixtures'),
];
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
for (const dir of CORPUS_DIRS) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
  if (!files.length) {
    it(`the reply corpus is expected at ${dir}`, () => {
      expect.fail(`no .eml cases in ${dir}: the shared reply corpus must be checked out beside the project`);
    });
    continue;
  }
  describe(`the reply corpus in ${dir}`, () => {
    for (const f of files) {
      it(f, async () => {
        const expected = JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, '.expected.json')), 'utf8'));
        const a = await analyze(readFileSync(join(dir, f)));
        expect(a.intent).toBe(expected.intent);
        if ('commonName' in expected) expect(a.commonName).toBe(expected.commonName);
        if ('reason' in expected && expected.reason === null) expect(a.reason).toBeNull();
        for (const s of expected.reasonContains ?? []) expect(fold(a.reason ?? '')).toContain(fold(s));
        for (const s of expected.reasonExcludes ?? []) expect(fold(a.reason ?? '')).not.toContain(fold(s));
        for (const [k, v] of Object.entries(expected.contactChange ?? {}))
          expect((a.contactChange as unknown as Record<string, string | null>)[k]).toBe(
            k === 'email' ? String(v).toLowerCase() : v,
          );
      });
    }
  });
}
