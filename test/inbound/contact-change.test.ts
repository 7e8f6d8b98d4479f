import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { staffContactChange } from '../../src/act/staff-contact-change.js';
import { mailContext } from '../../src/config.js';
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

const NAMED =
  '担当者が変わりましたのでご連絡します。\nコモンネーム：www.example.co.jp\n新担当者：木村 裕子\nメール：y.kimura@example.co.jp\n電話：06-1111-2222';

const changeRequest = (from: string, inReplyTo: string, body?: string) =>
  buildMail({
    from,
    to: 'ssl-desk@biz-mail.example.jp',
    subject: '担当者変更のお願い',
    inReplyTo,
    body:
      body ??
      '担当者が変わりましたのでご連絡します。\n新担当者：木村 裕子\nメール：y.kimura@example.co.jp\n電話：06-1111-2222',
  });

async function deliver(svc: RunningService, raw: Buffer) {
  const [answer] = await sendRaw(svc.smtpPort, [{ raw }]);
  expect(answer?.ok).toBe(true);
  await svc.pipeline.idle();
  return svc.store.read();
}

describe('contact-person change by mail, over SMTP', () => {
  it('from the current contact: applied at once, old and new contact both told, history kept', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const data = await deliver(svc, changeRequest('山田 太郎 <taro@example.co.jp>', order.completionId));
    expect(data.inbound[0]).toMatchObject({ outcome: 'contact-change-applied', status: 'processed' });
    const o = data.orders[0]!;
    expect(o.contact).toEqual({ name: '木村 裕子', email: 'y.kimura@example.co.jp', phone: '06-1111-2222' });
    expect(JSON.stringify(o.history)).toContain('taro@example.co.jp');
    const applied = data.outbox.filter((e) => e.kind === 'contact-change-applied');
    expect(applied.map((e) => e.to[0]).sort()).toEqual(['taro@example.co.jp', 'y.kimura@example.co.jp']);
    // It names every order it changed.
    expect(applied[0]!.text).toMatch(/変更したお申し込み.*\n\s+→ C-0001 www\.example\.co\.jp/);
    expect(data.applications.at(-1)).toMatchObject({ kind: 'contact_change', status: 'completed' });
  });

  it('refused while another change application of the contract is open, naming it', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const cancel = buildMail({
      from: 'taro@example.co.jp',
      inReplyTo: order.completionId,
      body: 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：不要になったため',
    });
    await deliver(svc, cancel);
    const data = await deliver(svc, changeRequest('taro@example.co.jp', order.completionId));
    expect(data.inbound[1]).toMatchObject({ outcome: 'contact-change-refused' });
    expect(data.inbound[1]!.note).toMatch(/A-0001 \(cancellation of C-0001\) open/);
    const refused = data.outbox.find((e) => e.kind === 'contact-change-refused')!;
    expect(refused.to).toEqual(['taro@example.co.jp']);
    expect(refused.text).toMatch(/www\.example\.co\.jp のキャンセルのお申し出、\d{4}年\d+月\d+日受付/); // in words, not A-0001
    expect(refused.text).not.toContain('A-0001');
    expect(data.orders[0]!.contact.email).toBe('taro@example.co.jp');
  });

  it('from a stranger: held for staff and told nothing about the order; staff apply it and both contacts are told', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    let data = await deliver(svc, changeRequest('総務 <soumu@example.co.jp>', order.completionId));
    expect(data.inbound[0]).toMatchObject({ outcome: 'sender-not-contact', status: 'held', orderId: order.id });
    expect(data.orders[0]!.contact.email).toBe('taro@example.co.jp');
    expect(data.outbox.filter((e) => e.to.includes('soumu@example.co.jp'))).toEqual([]);
    const done = await staffContactChange(
      svc.store,
      order.id,
      { name: '木村 裕子', email: 'y.kimura@example.co.jp', phone: '06-1111-2222' },
      new Date(),
      mailContext(config),
    );
    expect(done.applicationId).toBe('A-0001');
    data = await svc.store.read();
    expect(data.orders[0]!.contact.email).toBe('y.kimura@example.co.jp');
    expect(data.inbound[0]!.resolvedAt).not.toBeNull();
    expect(
      data.outbox
        .filter((e) => e.kind === 'contact-change-applied')
        .map((e) => e.to[0])
        .sort(),
    ).toEqual(['taro@example.co.jp', 'y.kimura@example.co.jp']);
  });

  it("a spoofed From (the contact's address, no thread, no token): not applied; the current contact confirms in our thread", async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    let data = await deliver(svc, changeRequest('taro@example.co.jp', '<unknown@elsewhere.example>', NAMED));
    expect(data.inbound[0]).toMatchObject({ outcome: 'contact-change-confirming', orderId: order.id });
    expect(data.inbound[0]!.trust).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^registered-contact=pass/),
        expect.stringMatching(/^thread=none/),
      ]),
    );
    expect(data.orders[0]!.contact.email).toBe('taro@example.co.jp');
    const confirm = data.outbox.find((e) => e.kind === 'contact-change-confirm')!;
    expect(confirm.to).toEqual(['taro@example.co.jp']);
    expect(confirm.text).toContain('木村 裕子');
    // The real contact answers in the thread of the confirmation: applied.
    data = await deliver(
      svc,
      buildMail({ from: 'taro@example.co.jp', inReplyTo: confirm.messageId, body: '承認\n\nよろしくお願いします。' }),
    );
    expect(data.inbound[1]).toMatchObject({ outcome: 'contact-change-applied' });
    expect(data.orders[0]!.contact.email).toBe('y.kimura@example.co.jp');
  });

  it('the current contact refuses the confirmation: nothing changes, the application closes', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    let data = await deliver(svc, changeRequest('taro@example.co.jp', '<unknown@elsewhere.example>', NAMED));
    const confirm = data.outbox.find((e) => e.kind === 'contact-change-confirm')!;
    data = await deliver(
      svc,
      buildMail({
        from: 'taro@example.co.jp',
        inReplyTo: confirm.messageId,
        body: '拒否します。心当たりがありません。',
      }),
    );
    expect(data.inbound[1]).toMatchObject({ outcome: 'contact-change-declined' });
    expect(data.applications.at(-1)).toMatchObject({ kind: 'contact_change', status: 'rejected' });
    expect(data.orders.find((o) => o.id === order.id)!.contact.email).toBe('taro@example.co.jp');
  });

  it('missing fields: a reply asking for them, nothing changed', async () => {
    const { svc, config } = await start();
    const order = await installedOrder(svc, config);
    const data = await deliver(
      svc,
      changeRequest('taro@example.co.jp', order.completionId, '担当者変更をお願いします。\n新担当者：木村 裕子'),
    );
    expect(data.inbound[0]).toMatchObject({ outcome: 'contact-change-needs-info' });
    const ask = data.outbox.find((e) => e.kind === 'contact-change-needs-info')!;
    expect(ask.text).toMatch(/メールアドレス/);
    expect(data.orders[0]!.contact.email).toBe('taro@example.co.jp');
  });
});
