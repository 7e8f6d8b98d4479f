import { buildDigest } from '../../src/domain/digest.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { buildMail, COMPLETION_QUOTE, quoted } from '../helpers/mail.js';
import { statSync } from 'node:fs';
import { installedOrder, rawKept, rawPath, sendRaw, startTestService, testConfig } from '../helpers/service.js';

const DESK = 'ssl-desk@biz-mail.example.jp';
let svc: RunningService | null = null;
afterEach(async () => {
  await svc?.stop();
  svc = null;
});

async function start(env: Record<string, string> = {}): Promise<{ svc: RunningService; config: Config }> {
  const config = testConfig(env);
  svc = await startTestService(config);
  return { svc, config };
}

const reply = (inReplyTo: string, over: Partial<Parameters<typeof buildMail>[0]> = {}) =>
  buildMail({
    from: '山田 太郎 <taro@example.co.jp>',
    to: DESK,
    charset: 'iso-2022-jp',
    inReplyTo,
    body: `お世話になっております。\n\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため\n\nよろしくお願いいたします。\n\n2026年11月20日(金) 10:00 Bizメール&ウェブ SSLデスク <${DESK}>:\n${quoted(COMPLETION_QUOTE)}`,
    ...over,
  });

describe('SMTP door, end to end', () => {
  it('a reply to the completion mail (ISO-2022-JP, quoted original) → cancel_requested, acknowledgement queued, raw kept', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const raw = reply(order.completionId);
    const [answer] = await sendRaw(svc.smtpPort, [{ raw, from: 'taro@example.co.jp' }]);
    expect(answer).toMatchObject({ ok: true, response: expect.stringMatching(/^250 .*queued as I-000001/) });
    await svc.pipeline.idle();
    const data = await svc.store.read();
    const o = data.orders.find((x) => x.id === order.id)!;
    expect(o.status).toBe('cancel_requested');
    expect(o.cancellation?.reason).toBe('サイトを閉鎖するため');
    const ack = data.outbox.filter((e) => e.kind === 'cancellation-received');
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatchObject({ to: ['taro@example.co.jp'], orderId: order.id, autoSubmitted: 'auto-replied' });
    expect(data.inbound[0]).toMatchObject({ via: 'smtp', outcome: 'cancellation-requested', status: 'processed' });
    expect(rawKept(config, data.inbound[0]!.rawSha256, raw)).toBe(true);

    // The same mail again (a retrying server) is recognised, and acknowledged only once.
    const [again] = await sendRaw(svc.smtpPort, [{ raw, from: 'taro@example.co.jp' }]);
    expect(again?.response).toMatch(/already have it as I-000001/);
    await svc.pipeline.idle();
    expect((await svc.store.read()).outbox.filter((e) => e.kind === 'cancellation-received')).toHaveLength(1);
  });

  it('a known Message-ID with other content is a new mail: recorded, acted on, shown to staff', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const first = buildMail({
      from: 'taro@example.co.jp',
      messageId: '<same@example.co.jp>',
      inReplyTo: order.completionId,
      body: 'ありがとうございました。',
    });
    const second = buildMail({
      from: 'taro@example.co.jp',
      messageId: '<same@example.co.jp>',
      inReplyTo: order.completionId,
      body: 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため',
    });
    const answers = await sendRaw(svc.smtpPort, [{ raw: first }, { raw: second }]);
    expect(answers.map((a) => a.response)).toEqual([
      expect.stringMatching(/queued as I-000001/),
      expect.stringMatching(/queued as I-000002/),
    ]);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound[1]).toMatchObject({ sameMessageIdAs: 'I-000001', outcome: 'cancellation-requested' });
    expect(data.inbound[1]!.note).toContain('same Message-ID as I-000001');
    expect(data.orders[0]!.status).toBe('cancel_requested');
    const held = buildDigest(data, new Date()).sections.find((s) => s.key === 'held-reused-id')!;
    expect(held.items.map((i) => i.ref)).toContain('I-000002');
  });

  it('a spoofed sender changes nothing: held for staff with the reason, no answer', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const raw = reply(order.completionId, { from: '"taro@example.co.jp" <attacker@evil.example>' });
    await sendRaw(svc.smtpPort, [{ raw, from: 'attacker@evil.example' }]);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.orders[0]!.status).toBe('installed');
    expect(data.inbound[0]).toMatchObject({ status: 'held', outcome: 'sender-not-contact', orderId: order.id });
    expect(data.inbound[0]!.note).toMatch(/attacker@evil\.example is not the registered contact/);
    expect(data.outbox.filter((e) => !['setup-completion', 'approval-requested'].includes(e.kind))).toEqual([]); // no answer
  });

  it('requires DMARC pass from the trusted server when configured', async () => {
    const { svc, config } = await start({
      CERTDESK_REQUIRE_DMARC: '1',
      CERTDESK_AUTHSERV_ID: 'mx.biz-mail.example.jp',
    });
    const order = await installedOrder(svc, config);
    const fail = reply(order.completionId, {
      headers: { 'Authentication-Results': 'mx.biz-mail.example.jp; dmarc=fail header.from=example.co.jp' },
    });
    const forgedPass = reply(order.completionId, {
      headers: { 'Authentication-Results': 'mx.evil.example; dmarc=pass header.from=example.co.jp' },
    });
    await sendRaw(svc.smtpPort, [{ raw: fail }, { raw: forgedPass }]);
    await svc.pipeline.idle();
    let data = await svc.store.read();
    expect(data.orders[0]!.status).toBe('installed');
    expect(data.inbound.map((r) => r.outcome)).toEqual(['authentication-failed', 'authentication-failed']);
    const pass = reply(order.completionId, {
      headers: { 'Authentication-Results': 'mx.biz-mail.example.jp; dkim=pass; dmarc=pass header.from=example.co.jp' },
    });
    await sendRaw(svc.smtpPort, [{ raw: pass }]);
    await svc.pipeline.idle();
    data = await svc.store.read();
    expect(data.orders[0]!.status).toBe('cancel_requested');
  });
});

describe('SMTP door, bad input', () => {
  it('never relays: 550 for any recipient but the desk (and desk+token)', async () => {
    const { svc } = await start();
    const raw = buildMail({ body: 'hello' });
    const answers = await sendRaw(svc.smtpPort, [
      { raw, to: ['someone@elsewhere.example'] },
      { raw, to: ['ssl-desk@biz-mail.example.jp.evil.example'] },
      { raw, to: ['ssl-desk+c0001-abcdefghijklmnop@biz-mail.example.jp'] },
    ]);
    expect(answers[0]).toMatchObject({ ok: false, code: 550 });
    expect(answers[1]).toMatchObject({ ok: false, code: 550 });
    expect(answers[2]).toMatchObject({ ok: true });
  });

  it('552 above the size limit, 554 for an empty message; nothing stored; the listener keeps running', async () => {
    const { svc } = await start({ CERTDESK_MAX_MESSAGE_BYTES: '4096' });
    const big = buildMail({ body: 'x'.repeat(10_000) });
    const answers = await sendRaw(svc.smtpPort, [
      { raw: big },
      { raw: Buffer.from('\r\n\r\n') },
      { raw: buildMail({ body: 'ok' }) },
    ]);
    expect(answers[0]).toMatchObject({ ok: false, code: 552 });
    expect(answers[1]).toMatchObject({ ok: false });
    expect(answers[2]).toMatchObject({ ok: true });
    await svc.pipeline.idle();
    expect((await svc.store.read()).inbound).toHaveLength(1);
  });

  it('5,000 recipients: the desk once, the rest refused; the mail is taken once', async () => {
    const { svc } = await start();
    const to = [DESK, ...Array.from({ length: 4_999 }, (_, i) => `user${i}@elsewhere.example`)];
    const [answer] = await sendRaw(svc.smtpPort, [{ raw: buildMail({ body: 'many' }), to }]);
    expect(answer).toMatchObject({ ok: true });
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound).toHaveLength(1);
    expect(data.inbound[0]!.envelopeTo).toEqual([DESK]);
  });

  it('binary garbage, broken MIME and a header injection attempt: stored, each with a clear outcome, no crash', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    const brokenMime = Buffer.from(
      'From: taro@example.co.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=bogus-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64\r\n--z',
    );
    // An encoded subject that decodes to CR LF and a header: must not reach our answer's header.
    const injected = reply(order.completionId, {
      subject: 'キャンセル\r\nBcc: victim@evil.example',
      body: '証明書のキャンセルをお願いします。\nコモンネーム：www.example.co.jp\n',
    });
    const answers = await sendRaw(svc.smtpPort, [{ raw: garbage }, { raw: brokenMime }, { raw: injected }]);
    expect(answers.every((a) => a.ok)).toBe(true);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound).toHaveLength(3);
    for (const r of data.inbound) {
      expect(r.status).not.toBe('received');
      expect(r.outcome).not.toBeNull();
      expect(r.note).toBeTruthy();
    }
    // Kept as received (SMTP itself rewrites bare CR and LF in binary garbage on the way).
    expect(statSync(rawPath(config, data.inbound[0]!.rawSha256)).size).toBe(data.inbound[0]!.size);
    expect(rawKept(config, data.inbound[1]!.rawSha256, brokenMime)).toBe(true);
    expect(rawKept(config, data.inbound[2]!.rawSha256, injected)).toBe(true);
    expect(data.orders[0]!.status).toBe('installed');
    const answer = data.outbox.find((e) => e.kind === 'cancellation-needs-info');
    expect(answer).toBeDefined();
    expect(JSON.stringify(answer)).not.toMatch(/victim@evil/);
    // What staff read is one line: no control characters from a stranger's header.
    expect(data.inbound[2]!.subject).toBe('キャンセル Bcc: victim@evil.example');
  });
});
