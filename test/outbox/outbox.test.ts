import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { recordStep } from '../../src/act/record-step.js';
import type { MailContext } from '../../src/outbox/enqueue-mail.js';
import { enqueueMail } from '../../src/outbox/enqueue-mail.js';
import { setupCompletionMail } from '../../src/outbox/mail-data.js';
import { claimDue, OutboxSender } from '../../src/outbox/sender.js';
import { smtpTransport } from '../../src/outbox/transport.js';
import { plusAddress, signReplyToken, tokenOf, verifyReplyToken } from '../../src/outbox/reply-token.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { sampleInput } from '../helpers/orders.js';
import { smtpError, startSink } from '../helpers/smtp-sink.js';

const MAIL: MailContext = {
  deskAddress: 'ssl-desk@biz-mail.example.jp',
  deskName: 'Bizメール&ウェブ SSLデスク',
  secret: 'test-secret-0123456789',
  plusAddressing: true,
};
const T = new Date('2026-11-20T06:00:00Z');

/** A store with one OV order walked to installed: its completion mail is queued. */
async function installedOrder(locale: 'ja' | 'en' = 'ja') {
  const store = new Store(join(tempDir(), 'store.json'));
  await store.open();
  const order = await addOrder(store, sampleInput({ locale }), T);
  for (const type of ['approval_requested', 'approved', 'phone_checked'] as const)
    await recordStep(store, order.id, { type }, T, MAIL);
  await recordStep(store, order.id, { type: 'issued', expiresAt: new Date('2027-06-01T00:00:00Z') }, T, MAIL);
  const installed = await recordStep(store, order.id, { type: 'installed' }, T, MAIL);
  // The approval notice of the application went long ago: what these tests send is the completion mail.
  await store.transaction((d) => {
    for (const e of d.outbox) if (e.kind !== 'setup-completion') e.status = 'sent';
  });
  return { store, order: installed.order, mails: installed.mails };
}

const completions = async (store: Store) => (await store.read()).outbox.filter((e) => e.kind === 'setup-completion');

const fastRetry = { backoffMs: 1, maxBackoffMs: 5, leaseMs: 60_000 };

describe('the setup-completion mail over real SMTP', () => {
  it('arrives once, in Japanese that reads back right, with the cancellation instructions and fee notice', async () => {
    const sink = await startSink();
    const { store, mails } = await installedOrder();
    expect(mails).toHaveLength(1);
    const sender = new OutboxSender(store, smtpTransport(sink.url), fastRetry);
    expect(await sender.runOnce()).toBe(1);
    await sender.stop();
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.to).toEqual(['taro@example.co.jp']);
    const mail = await simpleParser(sink.messages[0]!.raw);
    expect(mail.subject).toBe('【Bizメール&ウェブ】サーバー証明書設定完了のお知らせ（www.example.co.jp）');
    expect(mail.text).toContain('コモンネーム : www.example.co.jp');
    expect(mail.text).toMatch(/本メールに以下の項目を記載してご返信ください。\n\s+→ コモンネーム\n\s+→ キャンセル理由/);
    expect(mail.text).toContain('「証明書料金」および\n「SSL設定料」を請求');
    expect(mail.text).toContain('JPRS社へ直接キャンセル申請はできません');
    expect(mail.text).toContain('翌月から請求');
    expect(mail.text).toContain('有効期限     : 2027年6月1日');
    expect(mail.html).toContain('コモンネーム');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const stored = (await completions(store))[0]!;
    expect(stored).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mail.messageId).toBe(stored.messageId);
    expect(stored.messageId).toMatch(/^<c-0001\.setup-completion\.\d+\.[0-9a-f]{8}@biz-mail\.example\.jp>$/);
    // Replies come back to a signed per-order address.
    const replyTo = (mail.replyTo?.value[0]?.address ?? '').toLowerCase();
    expect(verifyReplyToken(tokenOf(replyTo, MAIL.deskAddress)!, MAIL.secret)).toBe('C-0001');
    await sink.close();
  });

  it('English orders get the English mail', async () => {
    const sink = await startSink();
    const { store } = await installedOrder('en');
    const sender = new OutboxSender(store, smtpTransport(sink.url), fastRetry);
    await sender.runOnce();
    await sender.stop();
    const mail = await simpleParser(sink.messages[0]!.raw);
    expect(mail.subject).toMatch(/Your server certificate is installed/);
    expect(mail.text).toMatch(
      /To cancel, reply to this mail stating:\n\s+- the common name\n\s+- the cancellation reason/,
    );
    expect(mail.text).toContain('certificate fee\nand the SSL setup fee');
    await sink.close();
  });

  it('is queued once per certificate, however often it is asked for', async () => {
    const { store, order } = await installedOrder();
    await store.transaction((d) => {
      enqueueMail(d, setupCompletionMail(order), MAIL, T);
      enqueueMail(d, setupCompletionMail(order), MAIL, T);
    });
    expect(await completions(store)).toHaveLength(1);
  });

  it('a transaction queueing many mails queues each key once, in order, and a later one finds them all', async () => {
    const { store, order } = await installedOrder();
    const mail = (key: string) => ({ ...setupCompletionMail(order), key });
    const ids = await store.transaction((d) =>
      ['a', 'b', 'a', 'c', 'b', 'd', 'a'].map((key) => enqueueMail(d, mail(key), MAIL, T).id),
    );
    // (M-000001 is the approval notice, M-000002 the completion mail queued when it was installed.)
    expect(ids).toEqual(['M-000003', 'M-000004', 'M-000003', 'M-000005', 'M-000004', 'M-000006', 'M-000003']);
    const again = await store.transaction((d) =>
      ['d', 'e', 'c', 'e'].map((key) => enqueueMail(d, mail(key), MAIL, T).id),
    );
    expect(again).toEqual(['M-000006', 'M-000007', 'M-000005', 'M-000007']);
    expect((await store.read()).outbox.map((e) => e.key).slice(2)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a render failure leaves the order step unwritten too', async () => {
    const { store, order } = await installedOrder();
    const before = await store.read();
    await expect(
      store.transaction((d) => {
        d.orders[0]!.status = 'cancelled';
        enqueueMail(d, { ...setupCompletionMail(order), key: 'other', data: {} }, MAIL, T);
      }),
    ).rejects.toThrow(/cannot render/);
    expect((await store.read()).orders[0]!.status).toBe(before.orders[0]!.status);
    expect((await store.read()).outbox).toHaveLength(before.outbox.length);
  });
});

describe('delivery failures', () => {
  it('server down, then up: every queued mail arrives exactly once', async () => {
    const sink = await startSink();
    const port = sink.port;
    await sink.close();
    const store = new Store(join(tempDir(), 'store.json'));
    await store.open();
    const orders = [];
    for (let i = 0; i < 5; i++)
      orders.push(await addOrder(store, sampleInput({ commonName: `w${i}.example.co.jp` }), T));
    await store.transaction((d) => {
      for (const o of d.orders) {
        o.status = 'installed';
        o.steps.installedAt = T.toISOString();
        enqueueMail(d, setupCompletionMail(o), MAIL, T);
      }
    });
    let clock = T.getTime();
    const opts = { ...fastRetry, backoffMs: 1000, maxBackoffMs: 1000, now: () => new Date(clock) };
    const down = new OutboxSender(store, smtpTransport(`smtp://127.0.0.1:${port}`, { connectionTimeout: 2000 }), opts);
    await down.runOnce();
    await down.stop();
    let data = await store.read();
    expect(
      data.outbox.every(
        (e) => e.status === 'pending' && e.attempts === 1 && /ECONNREFUSED|connect/i.test(e.lastError ?? ''),
      ),
    ).toBe(true);

    const up = await startSink({ port });
    clock += 1500; // past the backoff
    const sender = new OutboxSender(store, smtpTransport(up.url), opts);
    expect(await sender.runOnce()).toBe(5);
    expect(await sender.runOnce()).toBe(0);
    await sender.stop();
    data = await store.read();
    expect(data.outbox.map((e) => e.status)).toEqual(Array(5).fill('sent'));
    expect(up.messages).toHaveLength(5);
    expect(new Set(up.messages.map((m) => m.to[0])).size).toBe(1);
    const ids = await Promise.all(up.messages.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(new Set(ids).size).toBe(5);
    await up.close();
  });

  it('4xx is retried with backoff; 5xx fails the mail and shows it', async () => {
    let answers = [smtpError(451, '4.3.0 try later'), smtpError(550, '5.1.1 user unknown')];
    const sink = await startSink({ answer: () => answers.shift() ?? null });
    const { store } = await installedOrder();
    let clock = T.getTime();
    const sender = new OutboxSender(store, smtpTransport(sink.url), {
      ...fastRetry,
      backoffMs: 1000,
      maxBackoffMs: 60_000,
      now: () => new Date(clock),
    });
    await sender.runOnce();
    let e = (await completions(store))[0]!;
    expect(e).toMatchObject({ status: 'pending', attempts: 1 });
    expect(e.lastError).toMatch(/451/);
    expect(Date.parse(e.nextAttemptAt) - clock).toBe(1000);
    expect(await sender.runOnce()).toBe(0); // not due yet
    clock += 1000;
    await sender.runOnce();
    e = (await completions(store))[0]!;
    expect(e).toMatchObject({ status: 'failed', attempts: 2 });
    expect(e.lastError).toMatch(/550/);
    expect(sink.messages).toHaveLength(0);
    answers = [];
    await sender.stop();
    await sink.close();
  });

  it('a sender killed between "sent" and "recorded": the mail goes out again once the lease ends (one duplicate, never none)', async () => {
    const sink = await startSink();
    const { store } = await installedOrder();
    const transport = smtpTransport(sink.url);
    // What a process leaves behind when it dies right after the server accepted the mail.
    const [claimed] = await store.transaction((d) => claimDue(d, T, { leaseMs: 60_000, batch: 10 }));
    await transport.send(claimed!);
    transport.close();
    expect((await completions(store))[0]).toMatchObject({ status: 'sending', attempts: 1 });

    const early = new OutboxSender(store, smtpTransport(sink.url), {
      ...fastRetry,
      now: () => new Date(T.getTime() + 59_000),
    });
    expect(await early.runOnce()).toBe(0); // the lease still holds
    await early.stop();
    const later = new OutboxSender(store, smtpTransport(sink.url), {
      ...fastRetry,
      now: () => new Date(T.getTime() + 61_000),
    });
    expect(await later.runOnce()).toBe(1);
    await later.stop();
    expect(sink.messages).toHaveLength(2);
    expect((await completions(store))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    await sink.close();
  });
});

describe('reply tokens', () => {
  it('sign and verify; a forged, altered or foreign token is refused', () => {
    const token = signReplyToken('C-0042', 's3cret-s3cret-s3cret');
    expect(verifyReplyToken(token, 's3cret-s3cret-s3cret')).toBe('C-0042');
    expect(verifyReplyToken(token.toUpperCase(), 's3cret-s3cret-s3cret')).toBe('C-0042');
    expect(verifyReplyToken(token, 'another-secret-0000')).toBeNull();
    expect(verifyReplyToken(token.replace('c0042', 'c0043'), 's3cret-s3cret-s3cret')).toBeNull();
    expect(verifyReplyToken('garbage', 's3cret-s3cret-s3cret')).toBeNull();
    const address = plusAddress('desk@example.jp', token);
    expect(tokenOf(address, 'desk@example.jp')).toBe(token);
    expect(tokenOf(address.replace('example.jp', 'evil.example'), 'desk@example.jp')).toBeNull();
  });
});
