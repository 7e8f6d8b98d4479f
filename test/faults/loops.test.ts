import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/main.js';
import { Store } from '../../src/store/store.js';
import { installedOrderNo } from '../helpers/many-orders.js';
import { buildMail } from '../helpers/mail.js';
import { startSink } from '../helpers/smtp-sink.js';
import { sendRaw, startTestService, testConfig } from '../helpers/service.js';
import { freePort } from '../helpers/net.js';

const running: RunningService[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const c of closers.splice(0)) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nothing left to do: every mail taken is read, every mail queued is sent, a further send pass finds none. */
async function quiet(svc: RunningService): Promise<boolean> {
  await svc.pipeline.idle();
  const data = await svc.store.read();
  if (data.inbound.some((r) => r.status === 'received')) return false;
  if (data.outbox.some((e) => e.status === 'pending' || e.status === 'sending')) return false;
  return (await svc.sender.kick()) === 0;
}

/**
 * Wait for what must happen (a busy machine may be slow), then until every
 * desk is quiet: no mail unread, none to send. From then on nothing more can
 * happen unless mail arrives, so what the test then sees is all there is.
 */
async function settle(probe: () => Promise<boolean>, what: string) {
  const end = Date.now() + 30_000;
  while (!((await probe()) && (await Promise.all(running.map(quiet))).every(Boolean))) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

/** A desk whose one order has `contact` as its contact person. */
async function desk(address: string, contact: string, env: Record<string, string>) {
  const config = testConfig({ CERTDESK_DESK_ADDRESS: address, ...env });
  const seed = new Store(config.storeFile);
  await seed.open();
  await seed.transaction((d) => {
    const o = installedOrderNo(1);
    o.contact.email = contact;
    d.orders.push(o);
    d.counters.order = 1;
  });
  const svc = await startTestService(config);
  running.push(svc);
  return svc;
}

const noReason = (from: string, to: string) =>
  buildMail({ from, to, body: 'SSL証明書のキャンセルをお願いします。\nコモンネーム：www1.example.co.jp' });

describe('loops are bounded', () => {
  it('two certdesk instances answering each other: one answer, then silence', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await desk('desk@a.example', 'desk@b.example', {
      CERTDESK_LISTEN: `127.0.0.1:${portA}`,
      CERTDESK_SMTP_URL: `smtp://127.0.0.1:${portB}`,
    });
    const b = await desk('desk@b.example', 'desk@a.example', {
      CERTDESK_LISTEN: `127.0.0.1:${portB}`,
      CERTDESK_SMTP_URL: `smtp://127.0.0.1:${portA}`,
    });
    // B's desk (A's "customer") writes to A; A answers B; B must not answer A's answer, and so on.
    await sendRaw(portA, [{ raw: noReason('desk@b.example', 'desk@a.example'), to: ['desk@a.example'] }]);
    await settle(async () => (await b.store.read()).inbound.some((r) => r.status !== 'received'), "B read A's answer");
    const [da, db] = [await a.store.read(), await b.store.read()];
    expect(da.outbox.map((e) => e.kind)).toEqual(['cancellation-needs-info']);
    expect(db.outbox).toEqual([]);
    expect(db.inbound.map((r) => r.outcome)).toEqual(['auto-reply-recorded']);
  }, 90_000);

  it('an auto-responder that answers every mail, with or without the headers: one answer, never more', async () => {
    const portA = await freePort();
    let replies = 0;
    // The customer's mail server: answers everything it gets from the desk, half the time without marking it automatic.
    const responder = await startSink({
      answer: () => {
        replies += 1;
        const marked = replies % 2 === 0;
        const reply = buildMail({
          from: 'c1@customer.example',
          to: 'desk@a.example',
          subject: marked ? '自動応答: 不在のお知らせ' : 'Re: thanks for your mail',
          body: 'I am away until Monday. キャンセル',
          headers: marked ? { 'Auto-Submitted': 'auto-replied' } : {},
        });
        void nodemailer
          .createTransport({ host: '127.0.0.1', port: portA, ignoreTLS: true })
          .sendMail({ envelope: { from: 'c1@customer.example', to: ['desk@a.example'] }, raw: reply })
          .catch(() => undefined);
        return null;
      },
    });
    closers.push(responder.close);
    const a = await desk('desk@a.example', 'c1@customer.example', {
      CERTDESK_LISTEN: `127.0.0.1:${portA}`,
      CERTDESK_SMTP_URL: responder.url,
    });
    // Five requests without a reason the same day: one answer per sender, kind and day.
    await sendRaw(
      portA,
      Array.from({ length: 5 }, () => ({
        raw: noReason('c1@customer.example', 'desk@a.example'),
        to: ['desk@a.example'],
      })),
    );
    await settle(async () => replies === 1 && (await a.store.read()).inbound.length === 6, 'the first auto-reply read');
    // A second kind of answer: a contact change without the new contact's e-mail and phone.
    const change = buildMail({
      from: 'c1@customer.example',
      to: 'desk@a.example',
      subject: '担当者変更',
      body: '担当者変更をお願いします。\nコモンネーム：www1.example.co.jp\n新担当者：木村 裕子',
    });
    await sendRaw(portA, [{ raw: change, to: ['desk@a.example'] }]);
    await settle(
      async () => replies === 2 && (await a.store.read()).inbound.length === 8,
      'the second auto-reply read',
    );
    const data = await a.store.read();
    expect(data.outbox.map((e) => e.kind)).toEqual(['cancellation-needs-info', 'contact-change-needs-info']);
    expect(responder.messages).toHaveLength(2);
    expect(replies).toBe(2);
    const fromResponder = data.inbound.filter((r) => /away|不在|thanks/i.test(r.subject ?? ''));
    expect(fromResponder.map((r) => r.outcome).sort()).toEqual(['auto-reply-recorded', 'other-for-staff']);
  }, 90_000);

  it('mailing-list mail is never acted on nor answered (the List-Id alone says so)', async () => {
    const svc = await desk('desk@a.example', 'c1@customer.example', { CERTDESK_LISTEN: '127.0.0.1:0' });
    // From the order's contact and asking without a reason: anything but a list post would get an answer.
    const raw = buildMail({
      from: 'c1@customer.example',
      to: 'desk@a.example',
      body: 'SSL証明書のキャンセルをお願いします。\nコモンネーム：www1.example.co.jp',
      headers: { 'List-Id': '<staff.customer.example>' },
    });
    await sendRaw(svc.smtpPort, [{ raw, to: ['desk@a.example'] }]);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound[0]).toMatchObject({ outcome: 'other-for-staff' });
    expect(data.inbound[0]!.why).toContainEqual(expect.stringMatching(/list mail/));
    expect(data.outbox).toEqual([]);
    expect(data.orders[0]!.status).toBe('installed');
  });
});
