import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import type { StoreData } from '../../src/store/schema.js';
import { certdeskBackground, tempDir } from '../helpers/cli.js';
import { requireDovecotOrSkip, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { cancellationOf, storeWithOrders } from '../helpers/many-orders.js';
import { freePort } from '../helpers/net.js';

// 200 under `npm test`; `npm run test:soak` runs 500.
const N = Number(process.env.CERTDESK_CRASH_REPLIES ?? 200);
const dovecotHere = requireDovecotOrSkip();

/** A seeded generator: the kill points differ per run of the suite only through the seed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function messages(client: ImapFlow, box: string): Promise<number> {
  const status = await client.status(box, { messages: true });
  return status ? (status.messages ?? -1) : -1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(probe: () => Promise<boolean>, what: string, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

/** Until every reply is read and every acknowledgement sent. */
function allReadAndAcknowledged(store: Store) {
  return waitUntil(async () => {
    const d = await store.read();
    return (
      d.inbound.length === N &&
      d.inbound.every((r) => r.status !== 'received') &&
      d.outbox.every((e) => e.status === 'sent')
    );
  }, 'every reply read and acknowledged');
}

/** The service as its own process, restartable; killed with SIGKILL, not asked to stop. */
function serviceProcess(env: Record<string, string>) {
  let current: ReturnType<typeof certdeskBackground> | null = null;
  return {
    async start() {
      current = certdeskBackground(['serve'], env, /Ctrl-C stops/);
      await current.started;
    },
    async kill() {
      current?.child.kill('SIGKILL');
      await current?.exited;
      current = null;
    },
    async stop() {
      current?.child.kill('SIGTERM');
      await current?.exited;
      current = null;
    },
  };
}

/** Every reply processed exactly once: one request each, one acknowledgement each, none missing, raw kept. */
function expectExactlyOnce(data: StoreData, dataDir: string) {
  expect(data.inbound).toHaveLength(N);
  expect(new Set(data.inbound.map((r) => r.messageId)).size).toBe(N);
  expect(data.inbound.filter((r) => r.outcome !== 'cancellation-requested')).toEqual([]);
  for (const o of data.orders) {
    expect(o.status).toBe('cancel_requested');
    expect(o.history.filter((h) => h.event.startsWith('cancel_request'))).toHaveLength(1);
  }
  const acks = data.outbox.filter((e) => e.kind === 'cancellation-received');
  expect(acks).toHaveLength(N);
  expect(new Set(acks.map((e) => e.orderId)).size).toBe(N);
  expect(acks.filter((e) => e.status !== 'sent')).toEqual([]);
  // Sent copies: exactly one file per acknowledgement (a re-send after a crash rewrites the same file).
  const files = readdirSync(join(dataDir, 'outbox')).filter(
    (f) => f.endsWith('.eml') && f.includes('cancellation-received'),
  );
  expect(files).toHaveLength(N);
  for (const r of data.inbound)
    expect(existsSync(join(dataDir, 'raw', r.rawSha256.slice(0, 2), `${r.rawSha256}.eml`))).toBe(true);
}

describe(`crash safety: SIGKILL at random points while ${N} replies arrive`, () => {
  it('over SMTP: a sending server retries what was not acknowledged; each reply is processed exactly once', async () => {
    const dataDir = join(tempDir(), 'data');
    await storeWithOrders(join(dataDir, 'store.json'), N);
    const port = await freePort();
    const svc = serviceProcess({ CERTDESK_DATA_DIR: dataDir, CERTDESK_LISTEN: `127.0.0.1:${port}` });
    await svc.start();
    const rnd = random(20261126);
    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      pool: true,
      maxConnections: 4,
      ignoreTLS: true,
    });
    let retries = 0;
    let next = 1;
    // Four connections at once, as a sending server's queue runs: the kills land while mail is arriving
    // (inside DATA, between the raw write and its record, before the 250), not only between two mails.
    const connection = async () => {
      while (next <= N) {
        const i = next++;
        // What a real MTA does: keep the message until it hears 250, and try again.
        for (;;) {
          try {
            await client.sendMail({
              envelope: { from: `c${i}@example.co.jp`, to: ['ssl-desk@certdesk.localhost'] },
              raw: cancellationOf(i),
            });
            break;
          } catch {
            retries += 1;
            await sleep(100);
          }
        }
      }
    };
    let arriving = true;
    const sending = Promise.all(Array.from({ length: 4 }, connection)).finally(() => (arriving = false));
    let kills = 0;
    while (arriving && kills < 4) {
      await sleep(100 + Math.floor(rnd() * 400)); // somewhere in taking, reading, acting or sending
      if (!arriving) break;
      await svc.kill();
      kills += 1;
      await svc.start();
    }
    await sending;
    client.close();
    const store = new Store(join(dataDir, 'store.json'));
    await allReadAndAcknowledged(store);
    await svc.stop();
    expectExactlyOnce(await store.read(), dataDir);
    process.stderr.write(`crash safety over SMTP: ${kills} kills while mail arrived, ${retries} sends retried\n`);
    expect(kills).toBeGreaterThan(0);
  }, 300_000);
});

describe.skipIf(!dovecotHere)(`crash safety over IMAP: SIGKILL while ${N} replies are taken from Dovecot`, () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  }, 30_000);

  it('every reply is processed exactly once and moved to Handled; nothing is left in INBOX', async () => {
    const dataDir = join(tempDir(), 'data');
    await storeWithOrders(join(dataDir, 'store.json'), N);
    const admin = await dovecot.login('crash');
    for (let i = 1; i <= N; i++) await admin.append('INBOX', cancellationOf(i));
    const svc = serviceProcess({
      CERTDESK_DATA_DIR: dataDir,
      CERTDESK_LISTEN: '127.0.0.1:0',
      CERTDESK_IMAP_URL: dovecot.url('crash'),
    });
    const store = new Store(join(dataDir, 'store.json'));
    const rnd = random(42);
    await svc.start();
    for (const share of [0.15, 0.4, 0.65, 0.9]) {
      await waitUntil(async () => (await store.read()).inbound.length >= Math.floor(N * share), `${share} taken`);
      await sleep(Math.floor(rnd() * 100));
      await svc.kill();
      await svc.start();
    }
    await allReadAndAcknowledged(store);
    await waitUntil(async () => (await messages(admin, 'INBOX')) === 0, 'INBOX emptied');
    await svc.stop();
    expect(await messages(admin, 'Handled')).toBe(N);
    await admin.logout();
    expectExactlyOnce(await store.read(), dataDir);
  }, 300_000);
});
