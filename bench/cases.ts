import { SILENT } from '../src/log.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { threadedReader } from '../src/read/mail-reader.js';
import { analyzeMessage } from '../src/read/analyze-message.js';
import { parseMessage } from '../src/parse/parse-message.js';
import { threadedComposer } from '../src/outbox/mail-composer.js';
import { mailThreadPool, type ThreadPool } from '../src/thread-pool.js';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { RawStore } from '../src/inbound/raw-store.js';
import { ImapConsumer } from '../src/inbound/imap-consumer.js';
import { startSmtpListener } from '../src/inbound/smtp-listener.js';
import { enqueueMail } from '../src/outbox/enqueue-mail.js';
import { setupCompletionMail } from '../src/outbox/mail-data.js';
import { OutboxSender } from '../src/outbox/sender.js';
import { buildRaw, smtpTransport } from '../src/outbox/transport.js';
import { Store } from '../src/store/store.js';
import { tempDir } from '../test/helpers/cli.js';
import { startDovecot } from '../test/helpers/dovecot.js';
import { storeWithOrders } from '../test/helpers/many-orders.js';

export interface Pair {
  /** mails per second, certdesk doing the whole job */
  ours: number;
  /** mails per second, the bare library doing the same work */
  limit: number;
}

/** Mails arriving at once in the inbound case, as from this many SMTP connections (the SMTP case's pool has 5). */
const IN_FLIGHT = 5;

const MAIL = { deskAddress: 'ssl-desk@bench.example', deskName: 'desk', secret: 'b'.repeat(32), plusAddressing: false };
const ctx = {
  mail: MAIL,
  policy: { requireDmarc: false, authservId: null },
  staff: { addresses: ['staff@certdesk.localhost'], locale: 'ja' as const },
};

async function rate(count: number, work: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await work();
  return count / ((performance.now() - t) / 1000);
}

let threads: ThreadPool | null | undefined;

/** One pool of mail threads for every case, as the service has one (CERTDESK_MAIL_THREADS' default: cores - 1). */
function sharedThreads(): ThreadPool | null {
  if (threads === undefined) threads = mailThreadPool(Math.max(0, availableParallelism() - 1));
  return threads;
}

export async function closeThreads(): Promise<void> {
  await threads?.close();
  threads = undefined;
}

async function pipelineOn(orders: number) {
  const dir = tempDir('certdesk-bench-');
  await storeWithOrders(join(dir, 'store.json'), orders);
  const store = new Store(join(dir, 'store.json'));
  await store.open();
  return {
    store,
    pipeline: new InboundPipeline(
      store,
      new RawStore(join(dir, 'raw')),
      ctx,
      { maxMessageBytes: 25 << 20 },
      SILENT,
      () => new Date(),
      threadedReader(sharedThreads()),
    ),
  };
}

/** The whole inbound pipeline (store raw, parse, classify, extract, match, act) against simpleParser alone. */
export async function inbound(mails: Buffer[]): Promise<Pair> {
  const limit = await rate(mails.length, async () => {
    for (const m of mails) await simpleParser(m);
  });
  const { pipeline } = await pipelineOn(100);
  const ours = await rate(mails.length, () => feed(pipeline, mails));
  return { ours, limit };
}

/** Mails fed to the pipeline as the SMTP door feeds it from several connections at once: stored, then the worker told. */
async function feed(pipeline: InboundPipeline, mails: Buffer[]): Promise<void> {
  let next = 0;
  const connection = async () => {
    while (next < mails.length) {
      await pipeline.receive(mails[next++]!, { via: 'smtp' });
      pipeline.kick();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, connection));
  await pipeline.idle();
}

function sink(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => cb());
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.server.address() as AddressInfo).port,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

async function sendAll(port: number, mails: Buffer[], to: string) {
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: 5,
    ignoreTLS: true,
  });
  await Promise.all(mails.map((raw) => client.sendMail({ envelope: { from: 'c@example.co.jp', to: [to] }, raw })));
  client.close();
}

/** Mails/s the listener answers 250 (after storage), against a bare smtp-server that discards. */
export async function smtpIntake(mails: Buffer[]): Promise<Pair> {
  const bare = await sink();
  const limit = await rate(mails.length, () => sendAll(bare.port, mails, MAIL.deskAddress));
  await bare.close();
  const { pipeline } = await pipelineOn(100);
  const listener = await startSmtpListener(
    pipeline,
    { host: '127.0.0.1', port: 0, deskAddress: MAIL.deskAddress, maxMessageBytes: 25 << 20, maxRecipients: 20 },
    SILENT,
  );
  const ours = await rate(mails.length, () => sendAll(listener.port, mails, MAIL.deskAddress));
  await pipeline.idle();
  await listener.close();
  return { ours, limit };
}

/** A backlog in a real Dovecot INBOX: consumed and moved, against imapflow fetching and parsing the same mails. */
export async function imapIntake(mails: Buffer[]): Promise<Pair | null> {
  let dovecot;
  try {
    dovecot = await startDovecot();
  } catch {
    return null;
  }
  try {
    const fill = async (user: string) => {
      const c = await dovecot.login(user);
      for (const m of mails) await c.append('INBOX', m);
      return c;
    };
    const bare = await fill('limit');
    await bare.mailboxOpen('INBOX');
    const limit = await rate(mails.length, async () => {
      for await (const msg of bare.fetch('1:*', { uid: true, source: true })) await simpleParser(msg.source!);
    });
    await bare.logout();
    const admin = await fill('ours');
    const { store, pipeline } = await pipelineOn(100);
    const consumer = new ImapConsumer(
      store,
      pipeline,
      { url: dovecot.url('ours'), handledFolder: 'Handled', quarantineFolder: 'Quarantine', idleDelayMs: 100 },
      SILENT,
    );
    const ours = await rate(mails.length, async () => {
      consumer.start();
      while ((await store.read()).imap?.lastUid !== mails.length) await new Promise((r) => setTimeout(r, 20));
    });
    await consumer.stop();
    await admin.logout().catch(() => undefined);
    return { ours, limit };
  } finally {
    await dovecot.stop();
  }
}

/** Completion mails rendered, queued and sent pooled, against nodemailer pooled sending the same mails pre-rendered. */
export async function outbound(count: number): Promise<Pair> {
  const { store } = await pipelineOn(count);
  const target = await sink();
  // Pre-rendered copies for the limit side.
  const draft = structuredClone(await store.read());
  const raws = await Promise.all(
    draft.orders.map((o) => buildRaw(enqueueMail(draft, setupCompletionMail(o), MAIL, new Date()))),
  );
  const limit = await rate(count, () => sendAll(target.port, raws, 'c@example.co.jp'));
  const sender = new OutboxSender(store, smtpTransport(`smtp://127.0.0.1:${target.port}`, { maxConnections: 5 }), {
    batch: 200,
    composer: threadedComposer(sharedThreads()),
  });
  const ours = await rate(count, async () => {
    const orders = (await store.read()).orders; // plain records: iterating the draft would draft every order
    await store.transaction((d) => {
      for (const o of orders) enqueueMail(d, setupCompletionMail(o), MAIL, new Date());
    });
    await sender.runOnce();
  });
  await sender.stop();
  await target.close();
  return { ours, limit };
}

/**
 * `certdesk inspect`'s reading (parse, classify, extract) of one mail after
 * another on the main thread, beside simpleParser alone on the same mails.
 */
export async function inspectRate(mails: Buffer[]): Promise<Pair> {
  const ours = await rate(mails.length, async () => {
    for (const m of mails) analyzeMessage(await parseMessage(m));
  });
  const limit = await rate(mails.length, async () => {
    for (const m of mails)
      await simpleParser(m, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  });
  return { ours, limit };
}
