import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdeskIn, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { ADD_ORDER as ADD } from '../helpers/cli-orders.js';

async function withApproval() {
  const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data'), CERTDESK_LISTEN: '127.0.0.1:0' };
  expect((await certdeskIn(ADD, env)).status).toBe(0);
  // JPRS mailed 2026-11-20 10:00 JST: deadline 2026-12-16.
  expect(
    (await certdeskIn(['order', 'approval-requested', 'C-0001', '--at', '2026-11-20T10:00:00+09:00'], env)).status,
  ).toBe(0);
  return env;
}

describe('certdesk reminders run', () => {
  it('--dry-run lists what is due and changes nothing; a real run queues it once', async () => {
    const env = await withApproval();
    const dry = await certdeskIn(['reminders', 'run', '--now', '2026-11-27T09:00:00+09:00', '--dry-run'], env);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/C-0001 approval-reminder: deadline 2026-12-16, 19 days left \(dry run\)/);
    // Only the notice sent when the approval was requested (M-000001): the dry run queued nothing.
    expect(
      JSON.parse((await certdeskIn(['outbox', 'list', '--json'], env)).stdout).map((e: { kind: string }) => e.kind),
    ).toEqual(['approval-requested']);
    const run = await certdeskIn(['reminders', 'run', '--now', '2026-11-27T09:00:00+09:00'], env);
    expect(run.stdout).toMatch(/queued M-000002/);
    expect((await certdeskIn(['reminders', 'run', '--now', '2026-11-27T18:00:00+09:00'], env)).stdout).toBe(
      'nothing due\n',
    );
    const expired = await certdeskIn(['reminders', 'run', '--now', '2026-12-17', '--json'], env);
    expect(JSON.parse(expired.stdout).actions[0]).toMatchObject({ type: 'approval-expired', deadline: '2026-12-16' });
    expect(JSON.parse((await certdeskIn(['order', 'show', 'C-0001', '--json'], env)).stdout).status).toBe(
      'approval_expired',
    );
    expect(await certdeskIn(['reminders', 'run', '--now', 'tomorrow'], env)).toMatchObject({ status: 2 });
  });
});

describe('certdesk digest send and status', () => {
  it('--print shows every item with its command; nothing pending → nothing sent; status exits 1 then 0', async () => {
    const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data'), CERTDESK_LISTEN: '127.0.0.1:0' };
    expect((await certdeskIn(['digest', 'send'], env)).stderr).toMatch(/holds no store yet/); // a folder with no store is said so
    expect((await certdeskIn(ADD, env)).status).toBe(0);
    expect((await certdeskIn(['digest', 'send'], env)).stdout).toMatch(/nothing pending; none sent/);
    const calm = await certdeskIn(['status', '--json'], env);
    expect(calm.status).toBe(0);
    expect(JSON.parse(calm.stdout)).toMatchObject({ total: 0, needsAttention: [] });

    expect(
      (await certdeskIn(['order', 'approval-requested', 'C-0001', '--at', '2026-11-20T10:00:00+09:00'], env)).status,
    ).toBe(0);
    await certdeskIn(
      ['deliver'],
      env,
      buildMail({
        from: 'stranger@evil.example',
        body: 'キャンセルします。コモンネーム：www.example.co.jp キャンセル理由：なし',
      }),
    );
    const printed = await certdeskIn(['digest', 'send', '--now', '2026-12-14T09:00:00+09:00', '--print'], env);
    expect(printed.stdout).toContain('certdesk order approved C-0001');
    expect(printed.stdout).toContain('certdesk inbound show I-000001');
    const sent = await certdeskIn(['digest', 'send', '--now', '2026-12-14T09:00:00+09:00'], env);
    expect(sent.stdout).toMatch(/2 items; queued M-000002 to staff@certdesk.localhost/);
    expect((await certdeskIn(['digest', 'send', '--now', '2026-12-14T10:00:00+09:00'], env)).stdout).toMatch(
      /queued M-000002/,
    ); // once a day

    const busy = await certdeskIn(['status'], env);
    expect(busy.status).toBe(1);
    expect(busy.stdout).toMatch(/needs attention: .*1 held-/);
    expect((await certdeskIn(['inbound', 'resolve', 'I-000001'], env)).status).toBe(0);
  }, 90_000); // many CLI processes, each ~1 s on a busy machine
});
