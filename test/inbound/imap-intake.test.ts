import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { requireDovecotOrSkip, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { buildMail, COMPLETION_QUOTE, quoted } from '../helpers/mail.js';
import { installedOrder, startTestService, testConfig } from '../helpers/service.js';

const available = requireDovecotOrSkip();
const DESK = 'ssl-desk@biz-mail.example.jp';
let dovecot: Dovecot;
const running: RunningService[] = [];
let users = 0;

beforeAll(async () => {
  if (available) dovecot = await startDovecot();
}, 30_000);
afterAll(async () => {
  await dovecot?.stop();
}, 30_000);
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop();
});

/** Each test logs in as its own user: its own Maildir. */
function freshUser() {
  return `user${++users}`;
}

function client(user: string): Promise<ImapFlow> {
  return dovecot.login(user);
}

async function counts(user: string, ...boxes: string[]): Promise<number[]> {
  const c = await client(user);
  try {
    const out: number[] = [];
    for (const box of boxes) {
      const status = await c.status(box, { messages: true }).catch(() => null);
      out.push(status ? (status.messages ?? 0) : 0);
    }
    return out;
  } finally {
    await c.logout();
  }
}

async function append(user: string, mailbox: string, ...raws: Buffer[]) {
  const c = await client(user);
  try {
    for (const raw of raws) await c.append(mailbox, raw);
  } finally {
    await c.logout();
  }
}

async function until(probe: () => Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(config: Config): Promise<RunningService> {
  const svc = await startTestService(config);
  running.push(svc);
  return svc;
}

async function stop(svc: RunningService) {
  running.splice(running.indexOf(svc), 1);
  await svc.stop();
}

const replyTo = (completionId: string, n: number) =>
  buildMail({
    from: '山田 太郎 <taro@example.co.jp>',
    to: DESK,
    charset: 'iso-2022-jp',
    inReplyTo: completionId,
    messageId: `<reply${n}.${Math.random().toString(36).slice(2)}@example.co.jp>`,
    body: `キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：移転のため\n\n${quoted(COMPLETION_QUOTE)}`,
  });
const note = (n: number) =>
  buildMail({
    from: 'someone@sample.co.jp',
    body: `ご質問です ${n}`,
    messageId: `<q${n}.${Math.random()}@sample.co.jp>`,
  });

describe.skipIf(!available)('IMAP door against a real Dovecot', () => {
  it('a wrong password: the failure says whose login was refused where, and is not shown as a sync', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user).replace(':secret@', ':wrong@') });
    const svc = await start(config);
    await until(async () => Boolean((await svc.store.read()).imap?.lastError), 'the login failure');
    const imap = (await svc.store.read()).imap!;
    expect(imap.lastError).toBe(`IMAP login refused for ${user} at 127.0.0.1:${new URL(dovecot.url(user)).port}`);
    expect(imap.lastErrorAt).toBeTruthy();
    expect(imap.lastSyncAt).toBeNull();
  });

  it('processes replies in INBOX and moves them to Handled; the order is cancel_requested', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user) });
    const svc = await start(config);
    const order = await installedOrder(svc, config);
    await append(user, 'INBOX', replyTo(order.completionId, 1));
    await until(
      async () => (await svc.store.read()).inbound.some((r) => r.status !== 'received'),
      'the reply to be read',
    );
    await until(async () => (await counts(user, 'INBOX', 'Handled')).join() === '0,1', 'the reply to be moved');
    const data = await svc.store.read();
    expect(data.orders[0]!.status).toBe('cancel_requested');
    expect(data.inbound[0]).toMatchObject({ via: 'imap', outcome: 'cancellation-requested' });
    expect(data.outbox.filter((e) => e.kind === 'cancellation-received')).toHaveLength(1);
    expect(data.imap).toMatchObject({ mailbox: 'INBOX', lastUid: 1, lastError: null });
  }, 60_000);

  it('stopped, more mail arrives, started again: only the new mail is processed; unreadable mail goes to Quarantine', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user) });
    let svc = await start(config);
    await append(user, 'INBOX', note(1), note(2));
    await until(async () => (await counts(user, 'Handled'))[0] === 2, 'two mails handled');
    await stop(svc);
    await append(user, 'INBOX', note(3), Buffer.from('\x00\x01\x02 not a message'));
    svc = await start(config);
    await until(async () => (await counts(user, 'INBOX'))[0] === 0, 'the backlog to be taken');
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound).toHaveLength(4);
    expect(new Set(data.inbound.map((r) => r.messageId)).size).toBe(4);
    expect(data.imap?.lastUid).toBe(4);
    expect(await counts(user, 'Handled', 'Quarantine')).toEqual([3, 1]);
  }, 60_000);

  it('a backlog of several batches: each mail taken once, in order, moved by its outcome, the last UID remembered', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user) });
    // 130 mails: three batches of at most 50, each read while the next is fetched; one unreadable in the middle one.
    const backlog = Array.from({ length: 130 }, (_, i) =>
      i === 74 ? Buffer.from('\x00\x01\x02 not a message') : note(1000 + i),
    );
    await append(user, 'INBOX', ...backlog);
    const svc = await start(config);
    await until(async () => (await counts(user, 'INBOX'))[0] === 0, 'the backlog to be taken', 60_000);
    await until(async () => (await svc.store.read()).imap?.lastUid === 130, 'the last UID to be remembered');
    const data = await svc.store.read();
    expect(data.inbound).toHaveLength(130);
    expect(data.inbound.filter((r) => r.status === 'received')).toEqual([]);
    expect(data.inbound.map((r) => r.size)).toEqual(backlog.map((raw) => raw.length)); // in mailbox order
    expect(data.inbound.filter((r) => r.status === 'quarantined').map((r) => r.id)).toEqual(['I-000075']);
    expect(await counts(user, 'Handled', 'Quarantine')).toEqual([129, 1]);
  }, 90_000);

  it('a changed UIDVALIDITY (mailbox recreated) is noticed: mail with low UIDs is not skipped', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user, 'Replies') });
    const setup = await client(user);
    await setup.mailboxCreate('Replies');
    await setup.logout();
    await append(user, 'Replies', note(1), note(2), note(3));
    let svc = await start(config);
    await until(async () => (await svc.store.read()).imap?.lastUid === 3, 'three mails taken');
    const before = (await svc.store.read()).imap!.uidValidity;
    await stop(svc);
    const admin = await client(user);
    await admin.mailboxDelete('Replies');
    await admin.mailboxCreate('Replies');
    await admin.logout();
    await append(user, 'Replies', note(4)); // UID 1 again, in a new UIDVALIDITY
    svc = await start(config);
    // Taken (its record), then moved and remembered (the last UID): the second comes a commit after the first.
    await until(async () => {
      const data = await svc.store.read();
      return data.inbound.length === 4 && data.imap?.lastUid !== 0;
    }, 'the new mail to be taken and remembered');
    const state = (await svc.store.read()).imap!;
    expect(state.uidValidity).not.toBe(before);
    expect(state.lastUid).toBe(1);
  }, 60_000);

  it('Dovecot restarted mid-IDLE: the consumer reconnects and catches up', async () => {
    const user = freshUser();
    const config = testConfig({ CERTDESK_IMAP_URL: dovecot.url(user) });
    const svc = await start(config);
    await until(async () => (svc.imap?.syncCount ?? 0) > 0, 'the first look at INBOX');
    await until(async () => svc.imap?.idling ?? false, 'the consumer to be in IDLE');
    await dovecot.restart();
    await append(user, 'INBOX', note(1));
    await until(async () => (await svc.store.read()).inbound.length === 1, 'the mail after the restart', 20_000);
    await until(async () => (await counts(user, 'Handled'))[0] === 1, 'it to be moved', 20_000);
  }, 60_000);
});
