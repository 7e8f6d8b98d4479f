import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/outbox/enqueue-mail.js';
import { LOCALES, MAIL_KIND_NAMES } from '../../src/outbox/mail-kinds.js';
import { previewData, sampleOrder } from '../../src/outbox/sample-data.js';
import { buildRaw } from '../../src/outbox/transport.js';
import { signReplyToken } from '../../src/outbox/reply-token.js';
import { emptyStore } from '../../src/store/schema.js';
import { certdesk, certdeskBackground, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { ADD_ORDER } from '../helpers/cli-orders.js';

const INJECT = 'x\r\nBcc: victim@evil.example\r\nX-Injected: yes\r\n\r\nforged body';

/** Every string in the template data, with a header injection appended. */
function poisoned(value: unknown): unknown {
  if (typeof value === 'string') return value + INJECT;
  if (Array.isArray(value)) return value.map(poisoned);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v)]));
  return value;
}

describe('headers cannot be injected', () => {
  for (const locale of LOCALES)
    it(`CR/LF in any template variable of any kind (${locale}) stays inside the subject or body`, async () => {
      const draft = emptyStore();
      const order = sampleOrder(locale);
      for (const kind of MAIL_KIND_NAMES) {
        const entry = enqueueMail(
          draft,
          {
            key: kind,
            kind,
            orderId: order.id,
            locale,
            to: ['taro@example.co.jp'],
            data: poisoned(previewData(kind, order)) as Record<string, unknown>,
          },
          {
            deskAddress: 'desk@biz-mail.example.jp',
            deskName: `desk${INJECT}`,
            secret: 's'.repeat(32),
            plusAddressing: true,
          },
          new Date(),
        );
        const raw = await buildRaw(entry);
        const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0]!;
        expect(head, kind).not.toMatch(/^(bcc|x-injected):/im);
        const parsed = await simpleParser(raw);
        expect(parsed.headers.has('bcc'), kind).toBe(false);
        expect(parsed.headers.has('x-injected'), kind).toBe(false);
        expect(parsed.subject ?? '', kind).not.toMatch(/[\r\n]/);
        expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : [], kind).toEqual([
          'taro@example.co.jp',
        ]);
      }
    });
});

const IMAP_RETRY = /"door":"imap".*IMAP: reconnecting/;

describe('secrets stay secret', () => {
  const SECRET = 'reply-token-secret-Zq9xKk2LmN7p';
  const SMTP_PASSWORD = 'smtpPa55-w0rd-Xy';
  const IMAP_PASSWORD = 'imapPa55-w0rd-Qr';
  const LISTEN_PASSWORD = 'listenPa55-Ab12';

  it('no secret in the service output or logs, nor in any --json output', async () => {
    const dir = tempDir();
    const env = {
      CERTDESK_DATA_DIR: join(dir, 'data'),
      CERTDESK_LISTEN: '127.0.0.1:0',
      CERTDESK_SECRET: SECRET,
      CERTDESK_PLUS_ADDRESSING: '1',
      // Both servers refuse the connection: errors are logged, and must not carry the credentials.
      CERTDESK_SMTP_URL: `smtp://desk:${SMTP_PASSWORD}@127.0.0.1:9`,
      CERTDESK_IMAP_URL: `imap://desk:${IMAP_PASSWORD}@127.0.0.1:9/INBOX`,
      CERTDESK_LISTEN_AUTH: `relay:${LISTEN_PASSWORD}`,
      // The libraries' own lines too (their commands, the RCPT TO that holds a reply token).
      CERTDESK_LOG_LEVEL: 'debug',
    };
    const outputs: string[] = [];
    const keep = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    keep(certdesk(ADD_ORDER, env));
    for (const step of [['approval-requested'], ['approved'], ['issued'], ['installed']])
      keep(certdesk(['order', step[0]!, 'C-0001', '--json'], env));
    keep(
      certdesk(
        ['deliver', '--json'],
        env,
        buildMail({ from: 'taro@example.co.jp', body: 'キャンセルをお願いします。コモンネーム：www.example.co.jp' }),
      ),
    );
    const svc = certdeskBackground(['serve'], env, /Ctrl-C stops/);
    await svc.started;
    // The outbox tries SMTP and the consumer IMAP: wait until both have failed (and said so), not a fixed while.
    const tried = () => {
      const outbox = JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout) as Array<{
        lastError: string | null;
      }>;
      return IMAP_RETRY.test(svc.output().stderr) && outbox.some((e) => e.lastError);
    };
    for (let i = 0; i < 100 && !tried(); i++) await new Promise((r) => setTimeout(r, 200));
    svc.child.kill('SIGTERM');
    await svc.exited;
    keep(svc.output());
    expect(svc.output().stderr).toMatch(IMAP_RETRY);
    const logLines = [
      ...svc.output().stderr.split('\n'),
      ...readFileSync(join(dir, 'data', 'certdesk.log'), 'utf8').split('\n'),
    ]
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event?: string; lib?: string });
    // The CLI's steps and the pipe door's mail are in the CLI's log, the service's own work on its stderr.
    expect(new Set(logLines.map((l) => l.event))).toEqual(
      new Set(['staff', 'intake', 'outcome', 'failure', 'job', undefined]),
    );
    expect(logLines.some((l) => l.lib === 'imapflow')).toBe(true);
    const mac = signReplyToken('C-0001', SECRET).split('-')[1]!;
    expect(logLines.map((l) => JSON.stringify(l)).join('\n')).not.toContain(mac);
    outputs.push(readFileSync(join(dir, 'data', 'certdesk.log'), 'utf8'));
    for (const args of [
      ['outbox', 'list', '--json'],
      ['inbound', 'list', '--json'],
      ['order', 'list', '--json'],
      ['order', 'show', 'C-0001', '--json'],
      ['status', '--json'],
    ])
      keep(certdesk(args, env));
    const all = outputs.join('\n');
    // Both failures are on record, words and all, and still without a credential.
    expect(JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout)[0].lastError).toMatch(
      /ECONNREFUSED|connect/i,
    );
    for (const secret of [SECRET, SMTP_PASSWORD, IMAP_PASSWORD, LISTEN_PASSWORD]) expect(all).not.toContain(secret);
  }, 60_000);
});
