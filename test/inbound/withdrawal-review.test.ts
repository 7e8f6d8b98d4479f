import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { buildDigest } from '../../src/domain/digest.js';
import type { RunningService } from '../../src/main.js';
import { buildMail } from '../helpers/mail.js';
import { installedOrder, sendRaw, startTestService, testConfig } from '../helpers/service.js';

let svc: RunningService | null = null;
afterEach(async () => {
  await svc?.stop();
  svc = null;
});

async function start(): Promise<{ svc: RunningService; config: Config }> {
  const config = testConfig();
  svc = await startTestService(config);
  return { svc, config };
}

async function deliver(s: RunningService, raw: Buffer) {
  const [answer] = await sendRaw(s.smtpPort, [{ raw }]);
  expect(answer?.ok).toBe(true);
  await s.pipeline.idle();
  return s.store.read();
}

const CONTACT = '山田 太郎 <taro@example.co.jp>';
const CANCEL = 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため';
const WITHDRAW = '先日お送りしたキャンセルの依頼は取り下げます。証明書は引き続き利用します。';

describe('withdrawals and mail held for review, over SMTP', () => {
  it('a cancellation, then its withdrawal in our thread: back to installed, told once, off the digest', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    let data = await deliver(svc, buildMail({ from: CONTACT, inReplyTo: order.completionId, body: CANCEL }));
    expect(data.orders[0]!.status).toBe('cancel_requested');
    expect(buildDigest(data, new Date()).sections.find((s) => s.key === 'cancellations')?.items).toHaveLength(1);
    const ack = data.outbox.find((e) => e.kind === 'cancellation-received')!;
    data = await deliver(svc, buildMail({ from: CONTACT, inReplyTo: ack.messageId, body: WITHDRAW }));
    expect(data.inbound[1]).toMatchObject({ intent: 'withdrawal', outcome: 'withdrawal-applied', orderId: order.id });
    expect(data.orders[0]!.status).toBe('installed');
    expect(data.orders[0]!.history.map((h) => h.event)).toContain('cancel_withdrawn');
    expect(data.applications.at(-1)).toMatchObject({ kind: 'cancellation', status: 'withdrawn' });
    expect(buildDigest(data, new Date()).sections.find((s) => s.key === 'cancellations')).toBeUndefined();
    // The same withdrawal again: nothing open any more; told once only.
    data = await deliver(svc, buildMail({ from: CONTACT, inReplyTo: ack.messageId, body: WITHDRAW }));
    expect(data.inbound[2]).toMatchObject({ outcome: 'withdrawal-nothing-open', status: 'held' });
    const told = data.outbox.filter((e) => e.kind === 'cancellation-withdrawn');
    expect(told).toHaveLength(1);
    expect(told[0]!.to).toEqual(['taro@example.co.jp']);
  });

  it('a withdrawal without proof (no thread, no token): held; the digest no longer offers to confirm', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    await deliver(svc, buildMail({ from: CONTACT, inReplyTo: order.completionId, body: CANCEL }));
    const data = await deliver(
      svc,
      buildMail({ from: CONTACT, body: `${WITHDRAW}\nコモンネーム：www.example.co.jp`, subject: 'キャンセルの件' }),
    );
    expect(data.inbound[1]).toMatchObject({ intent: 'withdrawal', outcome: 'withdrawal-unproven', status: 'held' });
    expect(data.orders[0]!.status).toBe('cancel_requested');
    const item = buildDigest(data, new Date()).sections.find((s) => s.key === 'cancellations')!.items[0]!;
    expect(item.command).not.toMatch(/cancel confirm/);
    expect(item.why.en).toContain(data.inbound[1]!.id);
  });

  it('a request mixed with a question or a condition: needs-review, never acknowledged as a cancellation', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const data = await deliver(
      svc,
      buildMail({
        from: CONTACT,
        inReplyTo: order.completionId,
        body: 'www.example.co.jp の証明書をキャンセルしてください。\nなお、キャンセル料はいくらになりますか？',
      }),
    );
    expect(data.inbound[0]).toMatchObject({ outcome: 'needs-review', status: 'held', orderId: order.id });
    expect(data.orders[0]!.status).toBe('installed');
    expect(data.outbox.map((e) => e.kind)).not.toContain('cancellation-received');
    expect(data.outbox.find((e) => e.kind === 'message-received')?.to).toEqual(['taro@example.co.jp']);
  });

  it('a thanks in our thread is kept with its order', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const data = await deliver(
      svc,
      buildMail({ from: CONTACT, inReplyTo: order.completionId, body: 'ありがとうございました。' }),
    );
    expect(data.inbound[0]).toMatchObject({ outcome: 'other-for-staff', orderId: order.id });
  });

  it('a From written as one encoded-word holding "name <address>" is read as the address', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const encoded = `=?UTF-8?B?${Buffer.from(CONTACT).toString('base64')}?=`;
    const raw = buildMail({ from: 'x <x@x.example>', inReplyTo: order.completionId, body: CANCEL });
    const data = await deliver(
      svc,
      Buffer.from(raw.toString('latin1').replace(/^From: .*$/m, `From: ${encoded}`), 'latin1'),
    );
    expect(data.inbound[0]).toMatchObject({ from: 'taro@example.co.jp', outcome: 'cancellation-requested' });
  });
});
