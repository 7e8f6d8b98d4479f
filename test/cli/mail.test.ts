import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { certdesk, certdeskAsync, certdeskBackground, tempDir } from '../helpers/cli.js';
import { startSink, smtpError } from '../helpers/smtp-sink.js';
import { ADD_ORDER as ADD, TO_INSTALLED } from '../helpers/cli-orders.js';

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
    const file = await waitFor(() =>
      existsSync(outbox) ? readdirSync(outbox).find((f) => f.endsWith('.eml')) : undefined,
    );
    expect(file).toMatch(/^\d{8}T\d+Z-C-0001-setup-completion-M-000001\.eml$/);
    const mail = await simpleParser(readFileSync(join(outbox, file)));
    expect(mail.subject).toContain('サーバー証明書設定完了のお知らせ');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('taro@example.co.jp');
    expect(mail.text).toContain('キャンセル理由');
    svc.child.kill('SIGINT');
    expect(await svc.exited).toBe(0);
    const list = JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout);
    expect(list).toEqual([
      expect.objectContaining({
        id: 'M-000001',
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
    installViaCli(env);
    expect((await certdeskAsync(['outbox', 'send'], env)).stdout).toMatch(/failed 1/);
    const failed = JSON.parse(certdesk(['outbox', 'list', '--status', 'failed', '--json'], env).stdout);
    expect(failed).toEqual([
      expect.objectContaining({ id: 'M-000001', status: 'failed', lastError: expect.stringMatching(/550/) }),
    ]);
    expect(certdesk(['outbox', 'list'], env).stdout).toMatch(/M-000001\s+failed/);
    refuse = false;
    expect(certdesk(['outbox', 'retry', 'M-000001'], env).status).toBe(0);
    expect((await certdeskAsync(['outbox', 'send'], env)).stdout).toMatch(/tried 1; pending 0, failed 0/);
    expect(sink.messages).toHaveLength(1);
    expect(certdesk(['outbox', 'retry', 'M-000001'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/only failed or bounced/),
    });
    expect(certdesk(['outbox', 'retry', 'M-999999'], env).status).toBe(2);
    await sink.close();
  });

  it('preview renders any kind with sample or real data, queueing nothing', async () => {
    const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data') };
    const sample = certdesk(['preview', 'approval-reminder', '--locale', 'en'], env);
    expect(sample.status, sample.stderr).toBe(0);
    expect((await simpleParser(Buffer.from(sample.stdout))).subject).toMatch(/Domain approval due/);
    installViaCli(env);
    const out = join(tempDir(), 'p.eml');
    expect(certdesk(['preview', 'setup-completion', '--order', 'C-0001', '--out', out], env).status).toBe(0);
    expect((await simpleParser(readFileSync(out))).text).toContain('www.example.co.jp');
    expect(JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout)).toHaveLength(1);
    expect(certdesk(['preview', 'nonsense'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/unknown mail kind/),
    });
  });
});
