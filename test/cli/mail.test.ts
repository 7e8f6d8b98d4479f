import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { certdesk, certdeskAsync, certdeskBackground, tempDir } from '../helpers/cli.js';
import { startSink, smtpError } from '../helpers/smtp-sink.js';
import { ADD_ORDER as ADD, TO_INSTALLED } from '../helpers/cli-orders.js';
import { approvalDeadline } from '../../src/domain/deadlines.js';
import { formatJstDate } from '../../src/domain/jst.js';

function installViaCli(env: Record<string, string>) {
  expect(certdesk(ADD, env).status).toBe(0);
  for (const step of TO_INSTALLED) {
    const r = certdesk(['order', step[0]!, 'C-0001', ...step.slice(1)], env);
    expect(r.status, r.stderr).toBe(0);
  }
}

async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start on the embedded default', () => {
  it('writes the completion mail of an order marked installed as an .eml file a mail client opens', async () => {
    const dir = tempDir();
    const env = { CERTDESK_DATA_DIR: join(dir, 'data'), CERTDESK_LISTEN: '127.0.0.1:0' };
    const svc = certdeskBackground(['serve'], env, /Ctrl-C stops/);
    await svc.started;
    expect(svc.output().stdout).toContain(`.eml files in ${join(dir, 'data', 'outbox')}`);
    installViaCli(env);
    const outbox = join(dir, 'data', 'outbox');
    // The approval notice (M-000001) went first; the completion mail is M-000002.
    // A mail being written is a hidden temporary file until it is renamed into place.
    const file = await waitFor(() =>
      existsSync(outbox)
        ? readdirSync(outbox).find((f) => !f.startsWith('.') && f.includes('setup-completion'))
        : undefined,
    );
    expect(file).toMatch(/^\d{8}T\d+Z-C-0001-setup-completion-M-000002\.eml$/);
    const mail = await simpleParser(readFileSync(join(outbox, file)));
    expect(mail.subject).toContain('サーバー証明書設定完了のお知らせ');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('taro@example.co.jp');
    expect(mail.text).toContain('キャンセル理由');
    svc.child.kill('SIGINT');
    expect(await svc.exited).toBe(0);
    const list = JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout);
    expect(list).toEqual([
      expect.objectContaining({ id: 'M-000001', orderId: 'C-0001', kind: 'approval-requested', status: 'sent' }),
      expect.objectContaining({
        id: 'M-000002',
        orderId: 'C-0001',
        kind: 'setup-completion',
        to: ['taro@example.co.jp'],
        status: 'sent',
      }),
    ]);
  }, 30_000);
});

describe('certdesk outbox and preview', () => {
  it('a 5xx answer: the mail is failed and listed; retry sends it again', async () => {
    let refuse = true;
    const sink = await startSink({ answer: () => (refuse ? smtpError(550, '5.7.1 rejected') : null) });
    const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data'), CERTDESK_SMTP_URL: sink.url };
    installViaCli(env); // M-000001 the approval notice, M-000002 the completion mail
    expect((await certdeskAsync(['outbox', 'send'], env)).stdout).toMatch(/tried 2; pending 0, failed 2/);
    const failed = JSON.parse(certdesk(['outbox', 'list', '--status', 'failed', '--json'], env).stdout);
    expect(failed).toEqual([
      expect.objectContaining({ id: 'M-000001', kind: 'approval-requested', status: 'failed' }),
      expect.objectContaining({ id: 'M-000002', kind: 'setup-completion', lastError: expect.stringMatching(/550/) }),
    ]);
    expect(certdesk(['outbox', 'list'], env).stdout).toMatch(/M-000002\s+failed/);
    refuse = false;
    expect(certdesk(['outbox', 'retry', 'M-000002'], env).status).toBe(0);
    expect((await certdeskAsync(['outbox', 'send'], env)).stdout).toMatch(/tried 1; pending 0, failed 1/);
    expect(sink.messages).toHaveLength(1);
    expect(certdesk(['outbox', 'retry', 'M-000002'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/only failed or bounced/),
    });
    expect(certdesk(['outbox', 'retry', 'M-999999'], env).status).toBe(2);
    await sink.close();
  }, 90_000); // many CLI processes, each ~1 s on a busy machine

  it('preview renders any kind with sample or real data, queueing nothing', async () => {
    const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data') };
    const sample = certdesk(['preview', 'approval-reminder', '--locale', 'en'], env);
    expect(sample.status, sample.stderr).toBe(0);
    // Decoded, as a person reads it: what it is, the headers, the text (no base64).
    expect(sample.stdout).toMatch(/^# approval-reminder with sample data \(no --order\)/);
    expect(sample.stdout).toMatch(/^Subject: .*Domain approval due/m);
    expect(sample.stdout).toContain('Dear Taro Yamada,');
    const order = env;
    expect(certdesk(ADD, order).status).toBe(0);
    const requested = certdesk(['order', 'approval-requested', 'C-0001'], order);
    expect(requested.status, requested.stderr).toBe(0);
    const real = certdesk(['preview', 'approval-reminder', '--order', 'C-0001'], order);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^# the approval-reminder order C-0001 would get now/);
    expect(real.stdout).toContain('www.example.co.jp');
    // That order's deadline (26 days from now), not a sample date.
    expect(real.stdout).toContain(formatJstDate(approvalDeadline(new Date()), 'ja'));
    expect(certdesk(['preview', 'setup-completion', '--order', 'C-0001'], order)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/C-0001 gets no setup-completion now: it is approval_pending/),
    });
    for (const step of TO_INSTALLED.slice(1))
      expect(certdesk(['order', step[0]!, 'C-0001', ...step.slice(1)], env).status).toBe(0);
    const out = join(tempDir(), 'p.eml');
    expect(certdesk(['preview', 'setup-completion', '--order', 'C-0001', '--out', out], env).status).toBe(0);
    expect((await simpleParser(readFileSync(out))).text).toContain('www.example.co.jp');
    const kinds = (JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout) as Array<{ kind: string }>).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(['approval-requested', 'setup-completion']); // the previews queued nothing
    expect(certdesk(['preview', 'nonsense'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/unknown mail kind/),
    });
  }, 90_000); // many CLI processes, each ~1 s on a busy machine
});
