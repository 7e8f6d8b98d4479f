import { afterEach, describe, expect, it } from 'vitest';
import { dueStaffNotice } from '../../src/domain/staff-notice.js';
import type { RunningService } from '../../src/main.js';
import { startService } from '../../src/main.js';
import { buildMail } from '../helpers/mail.js';
import { installedOrder, sendRaw, tableResolver, testConfig } from '../helpers/service.js';

let svc: RunningService | null = null;
afterEach(async () => {
  await svc?.stop();
  svc = null;
});

const CANCEL = 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため';

async function settle(s: RunningService, until: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await until()); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('instant staff notices', () => {
  it('a cancellation and a held mail arriving together: one staff mail naming both, each told once', async () => {
    const config = testConfig();
    svc = await startService(config, () => undefined, {
      outboxPollMs: 200,
      inboundSweepMs: 500,
      staffNoticePollMs: 100,
      staffNoticeBatchMs: 300,
      resolver: tableResolver(),
    });
    const order = await installedOrder(svc, config);
    await sendRaw(svc.smtpPort, [
      { raw: buildMail({ from: 'taro@example.co.jp', inReplyTo: order.completionId, body: CANCEL }) },
      { raw: buildMail({ from: 'stranger@elsewhere.example', body: 'www.example.co.jp をキャンセルしてください。' }) },
    ]);
    const notices = async () => (await svc!.store.read()).outbox.filter((e) => e.kind === 'staff-notice');
    await settle(svc, async () => (await notices()).length > 0);
    await new Promise((r) => setTimeout(r, 600)); // a second poll: nothing new, nothing sent again
    const sent = await notices();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(config.staff);
    expect(sent[0]!.text).toContain(`certdesk cancel confirm ${order.id}`);
    expect(sent[0]!.text).toContain('I-000002');
    expect((await svc.store.read()).inbound.every((r) => r.staffNotifiedAt)).toBe(true);
  });

  it('waits for the batch window; an old or resolved mail is left to the digest', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const rec = (id: string, at: string, over = {}) =>
      ({
        id,
        status: 'held',
        outcome: 'other-for-staff',
        intent: 'other',
        receivedAt: at,
        processedAt: at,
        resolvedAt: null,
        staffNotifiedAt: null,
        ...over,
      }) as never;
    const fresh = rec('I-1', '2026-12-02T09:59:30Z');
    expect(dueStaffNotice([fresh], now, 180_000)).toEqual([]); // 30 s old: others may follow
    expect(dueStaffNotice([fresh], new Date('2026-12-02T10:03:00Z'), 180_000)).toEqual([fresh]);
    expect(dueStaffNotice([rec('I-2', '2026-11-30T09:00:00Z')], now, 180_000)).toEqual([]);
    expect(
      dueStaffNotice([rec('I-3', '2026-12-02T09:00:00Z', { resolvedAt: '2026-12-02T09:30:00Z' })], now, 0),
    ).toEqual([]);
    expect(
      dueStaffNotice(
        [rec('I-4', '2026-12-02T09:00:00Z', { status: 'processed', outcome: 'auto-reply-recorded' })],
        now,
        0,
      ),
    ).toEqual([]);
  });
});
