import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdesk, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';

const ADD = [
  'order',
  'add',
  '--contract',
  'K-1',
  '--cn',
  'www.example.co.jp',
  '--validation',
  'DV',
  '--o',
  '株式会社エグザンプル',
  '--l',
  '千代田区',
  '--st',
  '東京都',
  '--contact-name',
  '山田 太郎',
  '--contact-email',
  'taro@example.co.jp',
  '--contact-phone',
  '03-1234-5678',
];
const TO_INSTALLED = [['approval-requested'], ['approved'], ['issued', '--expires', '2027-06-01'], ['installed']];

function installed() {
  const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data') };
  expect(certdesk(ADD, env).status).toBe(0);
  for (const [verb, ...rest] of TO_INSTALLED) expect(certdesk(['order', verb!, 'C-0001', ...rest], env).status).toBe(0);
  const request = buildMail({
    from: '山田 太郎 <taro@example.co.jp>',
    body: 'SSL証明書のキャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイト閉鎖のため',
  });
  const r = certdesk(['deliver'], env, request);
  expect(r.stdout).toMatch(/cancellation-requested C-0001/);
  return env;
}

const kinds = (env: Record<string, string>) =>
  (JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout) as { kind: string }[]).map((m) => m.kind);

describe('certdesk cancel', () => {
  it('confirm: the order is cancelled, the customer told, and the contract free for its next change', () => {
    const env = installed();
    const r = certdesk(['cancel', 'confirm', 'C-0001', '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled' });
    expect(kinds(env)).toEqual(['setup-completion', 'cancellation-received', 'cancellation-confirmed']);
    // Confirming twice is an illegal step, said in one line.
    const twice = certdesk(['cancel', 'confirm', 'C-0001'], env);
    expect(twice.status).toBe(2);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reject: the order goes back to installed, the why kept in its history', () => {
    const env = installed();
    expect(certdesk(['cancel', 'reject', 'C-0001'], env).status).toBe(2); // --why is required
    const r = certdesk(['cancel', 'reject', 'C-0001', '--why', '契約者本人の確認が取れないため', '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout);
    expect(order.status).toBe('installed');
    expect(JSON.stringify(order.history)).toContain('契約者本人の確認が取れないため');
    expect(kinds(env)).not.toContain('cancellation-confirmed');
  });
});
