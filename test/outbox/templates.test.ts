import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, MAIL_KIND_NAMES, MAIL_KINDS } from '../../src/outbox/mail-kinds.js';
import { RenderError, renderMail, templateFile, templateVariables } from '../../src/outbox/render.js';
import { previewData, sampleOrder } from '../../src/outbox/sample-data.js';
import { enqueueMail } from '../../src/outbox/enqueue-mail.js';
import { emptyStore } from '../../src/store/schema.js';
import { tempDir } from '../helpers/cli.js';

const PARTS = ['subject', 'text'] as const; // the HTML part is laid out from the text

describe('templates: every kind in both languages, with the same variables', () => {
  for (const kind of MAIL_KIND_NAMES) {
    it(kind, () => {
      const vars = LOCALES.map((locale) => {
        const all = new Set<string>();
        for (const part of PARTS) {
          const file = templateFile(kind, locale, part);
          expect(existsSync(file), file).toBe(true);
          for (const v of templateVariables(readFileSync(file, 'utf8'))) all.add(v);
        }
        return [...all].sort();
      });
      expect(vars[1]).toEqual(vars[0]);
    });
  }

  it('the parity check sees a variable only one language uses', () => {
    expect([...templateVariables('{{a}} {{#each xs}}{{b}}{{/each}} {{#if c}}{{d}}{{/if}}')].sort()).toEqual([
      'a',
      'c',
      'd',
      'xs',
      'xs[].b',
    ]);
  });

  for (const locale of LOCALES)
    for (const kind of MAIL_KIND_NAMES)
      it(`${kind} (${locale}) renders from sample data with nothing left blank`, () => {
        const mail = renderMail(kind, locale, {
          ...previewData(kind, sampleOrder(locale)),
          deskName: 'Desk',
          deskAddress: 'desk@example.jp',
        });
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.subject).not.toMatch(/\n/);
        expect(mail.text).not.toMatch(/\{\{|undefined|\[object Object\]/);
        expect(mail.html).toMatch(/^<!doctype html>/);
      });
});

describe('strict rendering', () => {
  it('a missing variable fails the render instead of sending half a mail', () => {
    const data = {
      ...previewData('setup-completion', sampleOrder('ja')),
      deskName: 'Desk',
      deskAddress: 'desk@example.jp',
    } as Record<string, unknown>;
    delete data.expiryDate;
    expect(() => renderMail('setup-completion', 'ja', data)).toThrow(RenderError);
    expect(() => renderMail('setup-completion', 'ja', data)).toThrow(/expiryDate/);
  });

  it('a missing template file is a render error', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ja', 'setup-completion'), { recursive: true });
    writeFileSync(join(dir, 'ja', 'setup-completion', 'subject.hbs'), 'x');
    expect(() => renderMail('setup-completion', 'ja', {}, dir)).toThrow(/no template/);
  });

  it('escapes values in HTML, not in text; a subject stays one line', () => {
    const data = {
      ...previewData('cancellation-received', sampleOrder('en')),
      reason: '<script>alert(1)</script> & "x"',
      deskName: 'Desk',
      deskAddress: 'd@example.jp',
    };
    const mail = renderMail('cancellation-received', 'en', {
      ...data,
      commonName: 'www.example.jp\r\nBcc: victim@example.com',
    });
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(mail.text).toContain('<script>alert(1)</script> & "x"');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the signature', () => {
  const ctx = {
    deskAddress: 'ssl-desk@example.jp',
    deskName: 'Bizメール&ウェブ SSLデスク',
    deskNameEn: 'Biz Mail & Web SSL Desk',
    deskPhone: '0120-000-000',
    deskHours: '平日 9:00〜17:30',
    secret: 's'.repeat(32),
    plusAddressing: false,
  };
  for (const locale of LOCALES)
    for (const kind of MAIL_KIND_NAMES)
      it(`${kind} (${locale}): a blank line, then the desk in the mail's language, with its phone`, () => {
        const e = enqueueMail(
          emptyStore(),
          {
            key: 'k',
            kind,
            orderId: 'C-0007',
            locale,
            to: ['a@example.jp'],
            data: previewData(kind, sampleOrder(locale)),
          },
          ctx,
          new Date('2026-12-02T00:00:00Z'),
        );
        const [body, signature] = e.text.split('\n--\n');
        expect(body).toMatch(/\n$/); // "…\n\n--": an empty line before the signature
        if (MAIL_KINDS[kind].audience === 'staff') return expect(signature).toContain('certdesk'); // to staff: signed by the tool
        expect(signature).toContain(locale === 'en' ? 'Biz Mail & Web SSL Desk' : 'Bizメール&ウェブ SSLデスク');
        expect(signature).toContain('0120-000-000');
        expect(e.from).toContain(locale === 'en' ? 'Biz Mail & Web SSL Desk' : 'Bizメール&ウェブ SSLデスク');
      });
  it('a digest of one item says "1 item"', () => {
    const mail = renderMail('staff-digest', 'en', {
      ...previewData('staff-digest', sampleOrder('en')),
      deskName: 'D',
      deskAddress: 'd@x.jp',
    });
    expect(mail.subject).toMatch(/\b1 item waiting/);
  });
});

describe('internationalized names', () => {
  it('a completion mail for an IDN order shows the Unicode name, with the A-label beside it in the facts', () => {
    const order = { ...sampleOrder('ja'), commonName: 'www.xn--r8jz45g.jp' };
    const mail = renderMail('setup-completion', 'ja', {
      ...previewData('setup-completion', order),
      deskName: 'D',
      deskAddress: 'd@x.jp',
      deskPhone: null,
      deskHours: null,
    });
    expect(mail.subject).toContain('www.例え.jp');
    expect(mail.subject).not.toContain('xn--');
    expect(mail.text).toContain('コモンネーム : www.例え.jp (www.xn--r8jz45g.jp)');
  });
});
