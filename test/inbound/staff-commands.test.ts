import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStep } from '../../src/act/record-step.js';
import { sendDigest } from '../../src/act/send-digest.js';
import { mailContext, type Config } from '../../src/config.js';
import { digestOptions, type RunningService } from '../../src/main.js';
import type { OutboxEntry } from '../../src/outbox/outbox-entry.js';
import type { StoreData } from '../../src/store/schema.js';
import { buildMail } from '../helpers/mail.js';
import { installedOrder, sendRaw, startTestService, tableResolver, testConfig } from '../helpers/service.js';

const SATO = 'sato@staff.biz-mail.example.jp';
const SUZUKI = 'suzuki@staff.biz-mail.example.jp';
// Staff and customer domains send from this machine and publish DMARC; evil.example has SPF and no DMARC.
const DNS = tableResolver({
  'staff.biz-mail.example.jp TXT': ['v=spf1 ip4:127.0.0.1 -all'],
  '_dmarc.staff.biz-mail.example.jp TXT': ['v=DMARC1; p=reject'],
  'example.co.jp TXT': ['v=spf1 ip4:127.0.0.1 -all'],
  '_dmarc.example.co.jp TXT': ['v=DMARC1; p=reject'],
  'evil.example TXT': ['v=spf1 ip4:127.0.0.1 -all'],
});

let svc: RunningService;
let config: Config;
let first: string;
let second: string;
let digests: OutboxEntry[];

async function toCancelRequested(commonName: string, contractId: string): Promise<string> {
  const { id } = await installedOrder(svc, config, { commonName, contractId });
  await recordStep(
    svc.store,
    id,
    { type: 'cancel_requested', reason: 'サイト閉鎖のため' },
    new Date(),
    mailContext(config),
  );
  return id;
}

/** A staff member's reply to the digest: the command on top, the digest quoted below. */
function reply(spec: { from: string; to: string; body: string; messageId?: string }) {
  return buildMail({
    from: spec.from,
    to: spec.to,
    subject: `Re: ${digests[0]!.subject}`,
    inReplyTo: digests[0]!.messageId,
    body: `${spec.body}\n\n2026年12月3日 9:00 certdesk <ssl-desk@biz-mail.example.jp>:\n> confirm ${second}   (or: reject ${second} 理由…)\n`,
    ...(spec.messageId ? { messageId: spec.messageId } : {}),
  });
}

async function deliver(raw: Buffer, envelope: { from: string; to: string }) {
  const [answer] = await sendRaw(svc.smtpPort, [{ raw, from: envelope.from, to: [envelope.to] }]);
  expect(answer?.ok).toBe(true);
  await svc.pipeline.idle();
  return svc.store.read();
}

const newMail = (before: StoreData, after: StoreData) =>
  after.outbox.slice(before.outbox.length).filter((e) => e.kind !== 'staff-notice');
const signed = (staff: string) => digests.find((d) => d.to[0] === staff)!.replyTo!;

beforeAll(async () => {
  config = testConfig({ CERTDESK_STAFF: `${SATO},${SUZUKI}`, CERTDESK_STAFF_NOTIFY: 'digest' });
  svc = await startTestService(config, undefined, DNS);
  first = await toCancelRequested('www.example.co.jp', 'K-1001');
  second = await toCancelRequested('shop.example.co.jp', 'K-1002');
  const sent = await sendDigest(svc.store, new Date(), mailContext(config), digestOptions(config));
  digests = sent.mails;
});
afterAll(() => svc.stop());

describe('staff act by replying to the digest', () => {
  it('the digest goes to each staff member, answered to their own signed address, each item with its reply command', () => {
    expect(digests.map((d) => d.to)).toEqual([[SATO], [SUZUKI]]);
    expect(signed(SATO)).toMatch(/^ssl-desk\+s\.\d{4}[a-z2-7]{20}@biz-mail\.example\.jp$/);
    expect(signed(SATO)).not.toBe(signed(SUZUKI));
    expect(digests[0]!.text).toContain(`返信で: confirm ${first}   (or: reject ${first} 理由…)`);
  });

  it('a staff reply to the signed address cancels the order, tells the customer, and answers the staff member', async () => {
    const before = await svc.store.read();
    const data = await deliver(reply({ from: `佐藤 <${SATO}>`, to: signed(SATO), body: `confirm ${first}` }), {
      from: SATO,
      to: signed(SATO),
    });
    const record = data.inbound.at(-1)!;
    expect(record.outcome).toBe('staff-command-done');
    expect(record.trust).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^staff-sender=pass/),
        expect.stringMatching(/^staff-token=pass/),
        expect.stringMatching(/^dmarc=pass/),
        expect.stringMatching(/^fresh=pass/),
      ]),
    );
    const order = data.orders.find((o) => o.id === first)!;
    expect(order.status).toBe('cancelled');
    expect(order.history.at(-1)).toMatchObject({ event: 'cancel_confirmed', by: SATO });
    const mails = newMail(before, data);
    expect(mails.map((m) => [m.kind, m.to])).toEqual([
      ['cancellation-confirmed', ['taro@example.co.jp']],
      ['staff-command-answer', [SATO]],
    ]);
    const answer = mails[1]!;
    expect(answer.inReplyTo).toBe(data.inbound.at(-1)!.messageId);
    expect(answer.replyTo).toBe(signed(SATO));
    expect(answer.text).toContain(`> confirm ${first}`);
    expect(answer.text).toMatch(new RegExp(`${first}\\s+cancelled`));
    expect(answer.text).toContain(`queued cancellation-confirmed mail ${mails[0]!.id} to taro@example.co.jp`);
    // The quoted digest below the reply is never read: the second order is untouched.
    expect(data.orders.find((o) => o.id === second)!.status).toBe('cancel_requested');
  });

  const refusals: Array<{
    name: string;
    raw: () => Buffer;
    envelope: () => { from: string; to: string };
    why: RegExp;
  }> = [
    {
      name: 'a stranger writing to the signed address',
      raw: () => reply({ from: 'mallory@evil.example', to: signed(SATO), body: `confirm ${second}` }),
      envelope: () => ({ from: 'mallory@evil.example', to: signed(SATO) }),
      why: /staff-sender: mallory@evil\.example is not a staff address/,
    },
    {
      name: "a forged From (a staff member's address, sent from elsewhere)",
      raw: () => reply({ from: SATO, to: signed(SATO), body: `confirm ${second}` }),
      envelope: () => ({ from: 'mallory@evil.example', to: signed(SATO) }),
      why: /dmarc: dmarc=fail/,
    },
    {
      name: 'a customer who guesses the syntax',
      raw: () => reply({ from: 'taro@example.co.jp', to: 'ssl-desk@biz-mail.example.jp', body: `confirm ${second}` }),
      envelope: () => ({ from: 'taro@example.co.jp', to: 'ssl-desk@biz-mail.example.jp' }),
      why: /staff-sender: taro@example\.co\.jp is not a staff address \(CERTDESK_STAFF\); staff-token: not sent to a signed staff address/,
    },
    {
      name: "a staff member using another's signed address",
      raw: () => reply({ from: SATO, to: signed(SUZUKI), body: `confirm ${second}` }),
      envelope: () => ({ from: SATO, to: signed(SUZUKI) }),
      why: /staff-token: sent to a signed desk address that is not this staff member's/,
    },
  ];
  for (const r of refusals)
    it(`${r.name}: nothing changes, held for staff with why, answered to no one`, async () => {
      const before = await svc.store.read();
      const data = await deliver(r.raw(), r.envelope());
      const record = data.inbound.at(-1)!;
      expect(record.outcome).toBe('staff-command-refused');
      expect(record.status).toBe('held');
      expect(record.note).toMatch(r.why);
      expect(data.orders).toEqual(before.orders);
      expect(newMail(before, data)).toEqual([]);
    });

  it('a replay changes nothing: the same mail again is the mail already taken; the same Message-ID with new commands is held', async () => {
    const messageId = '<staff-once@staff.biz-mail.example.jp>';
    const genuine = reply({ from: SATO, to: signed(SATO), body: `retry M-999999`, messageId });
    let before = await svc.store.read();
    let data = await deliver(genuine, { from: SATO, to: signed(SATO) });
    expect(data.inbound.at(-1)!.outcome).toBe('staff-command-done');
    expect(newMail(before, data).map((m) => m.text)).toEqual([expect.stringContaining('no outgoing mail M-999999')]);

    before = data;
    data = await deliver(genuine, { from: SATO, to: signed(SATO) });
    expect(data.inbound.length).toBe(before.inbound.length);
    expect(newMail(before, data)).toEqual([]);

    data = await deliver(reply({ from: SATO, to: signed(SATO), body: `confirm ${second}`, messageId }), {
      from: SATO,
      to: signed(SATO),
    });
    const record = data.inbound.at(-1)!;
    expect(record.outcome).toBe('staff-command-refused');
    expect(record.note).toMatch(/fresh: a replay: I-\d+ came with the same Message-ID/);
    expect(data.orders.find((o) => o.id === second)!.status).toBe('cancel_requested');
    expect(newMail(before, data)).toEqual([]);
  });

  it('several commands in one reply: each done or refused on its own, all answered in one mail', async () => {
    const before = await svc.store.read();
    const data = await deliver(
      reply({
        from: SATO,
        to: signed(SATO),
        body: `却下 ${second} お客様に確認済み: 継続利用\nresolve I-000001\nconfirm ${first}`,
      }),
      { from: SATO, to: signed(SATO) },
    );
    expect(data.orders.find((o) => o.id === second)!).toMatchObject({ status: 'installed' });
    const [answer] = newMail(before, data);
    expect(answer!.kind).toBe('staff-command-answer');
    expect(answer!.text).toMatch(
      new RegExp(`> 却下 ${second} お客様に確認済み: 継続利用\\n  実行しました:\\n    ${second}\\s+installed`),
    );
    expect(answer!.text).toMatch(
      /> resolve I-000001\n {2}実行していません:\n {4}I-000001 is processed: nothing to resolve/,
    );
    expect(answer!.text).toMatch(
      new RegExp(
        `> confirm ${first}\\n  実行していません:\\n    order ${first}: step "cancel_confirmed" is not allowed`,
      ),
    );
  });
});
