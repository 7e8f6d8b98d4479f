import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdeskIn, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { ADD_ORDER as ADD, TO_INSTALLED } from '../helpers/cli-orders.js';

async function installed() {
  const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data') };
  expect((await certdeskIn(ADD, env)).status).toBe(0);
  for (const [verb, ...rest] of TO_INSTALLED)
    expect((await certdeskIn(['order', verb!, 'C-0001', ...rest], env)).status).toBe(0);
  const request = buildMail({
    from: '山田 太郎 <taro@example.co.jp>',
    body: 'SSL証明書のキャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイト閉鎖のため',
  });
  const r = await certdeskIn(['deliver'], env, request);
  expect(r.stdout).toMatch(/cancellation-requested C-0001/);
  return env;
}

const kinds = async (env: Record<string, string>) =>
  (JSON.parse((await certdeskIn(['outbox', 'list', '--json'], env)).stdout) as { kind: string }[]).map((m) => m.kind);

describe('certdesk cancel', () => {
  it('confirm: the order is cancelled, the customer told, and the contract free for its next change', async () => {
    const env = await installed();
    const r = await certdeskIn(['cancel', 'confirm', 'C-0001', '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled' });
    expect(await kinds(env)).toEqual([
      'approval-requested',
      'setup-completion',
      'cancellation-received',
      'cancellation-confirmed',
    ]);
    // Confirming twice is an illegal step, said in one line.
    const twice = await certdeskIn(['cancel', 'confirm', 'C-0001'], env);
    expect(twice.status).toBe(2);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reject: the order goes back to installed, the why kept in its history', async () => {
    const env = await installed();
    expect((await certdeskIn(['cancel', 'reject', 'C-0001'], env)).status).toBe(2); // --why is required
    const r = await certdeskIn(
      ['cancel', 'reject', 'C-0001', '--why', '契約者本人の確認が取れないため', '--json'],
      env,
    );
    expect(r.status, r.stderr).toBe(0);
    const order = JSON.parse(r.stdout);
    expect(order.status).toBe('installed');
    expect(JSON.stringify(order.history)).toContain('契約者本人の確認が取れないため');
    expect(await kinds(env)).not.toContain('cancellation-confirmed');
  });
});
