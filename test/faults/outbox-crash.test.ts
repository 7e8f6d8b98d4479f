import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enqueueMail } from '../../src/outbox/enqueue-mail.js';
import { setupCompletionMail } from '../../src/outbox/mail-data.js';
import { Store } from '../../src/store/store.js';
import { certdeskBackground, tempDir } from '../helpers/cli.js';
import { storeWithOrders } from '../helpers/many-orders.js';
import { startSink } from '../helpers/smtp-sink.js';

const N = Number(process.env.CERTDESK_CRASH_MAILS ?? 300);
const KILLS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`outbox crash safety: ${KILLS} SIGKILLs while ${N} mails go to an SMTP server that counts them`, () => {
  it('none lost, each recorded sent once; only mails in flight at a kill go twice; the restart listens within 2 s', async () => {
    const sink = await startSink({ delayMs: 20 }); // a server that takes its time: the kills land while mail goes out
    const dataDir = join(tempDir(), 'data');
    const file = join(dataDir, 'store.json');
    await storeWithOrders(file, N);
    const seed = new Store(file);
    await seed.open();
    const mail = {
      deskAddress: 'ssl-desk@certdesk.localhost',
      deskName: 'SSL desk',
      secret: 'x'.repeat(32),
      plusAddressing: false,
    };
    await seed.transaction((d) => {
      for (const o of d.orders) enqueueMail(d, setupCompletionMail(o), mail, new Date());
    });
    const env = { CERTDESK_DATA_DIR: dataDir, CERTDESK_LISTEN: '127.0.0.1:0', CERTDESK_SMTP_URL: sink.url };
    let svc = certdeskBackground(['serve'], env, /Ctrl-C stops/);
    await svc.started;
    const restarts: number[] = [];
    let kills = 0;
    let seed31 = 20261202;
    const rnd = () => (seed31 = (seed31 * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    while (kills < KILLS && new Set(sink.messages.map((m) => messageId(m.raw))).size < N) {
      // Kill while mail is going out: after this run has delivered some, at a random moment.
      const before = sink.messages.length;
      for (let i = 0; i < 200 && sink.messages.length < before + 5; i++) await sleep(10);
      await sleep(Math.floor(rnd() * 100));
      svc.child.kill('SIGKILL');
      await svc.exited;
      kills += 1;
      const t = Date.now();
      svc = certdeskBackground(['serve'], env, /Ctrl-C stops/);
      await svc.started;
      restarts.push(Date.now() - t);
    }
    const store = new Store(file);
    for (let i = 0; i < 600; i++) {
      const d = await store.read();
      if (d.outbox.every((e) => e.status === 'sent')) break;
      await sleep(100);
    }
    svc.child.kill('SIGTERM');
    await svc.exited;
    await sink.close();

    const data = await store.read();
    expect(data.outbox.filter((e) => e.status !== 'sent')).toEqual([]);
    const counts = new Map<string, number>();
    for (const m of sink.messages) counts.set(messageId(m.raw), (counts.get(messageId(m.raw)) ?? 0) + 1);
    expect(data.outbox.filter((e) => !counts.has(e.messageId))).toEqual([]); // none lost
    const twice = [...counts.values()].filter((n) => n > 1);
    process.stderr.write(
      `outbox crash: ${kills} kills, ${sink.messages.length} deliveries of ${N} mails, ${twice.length} delivered more than once; restart to listening ${restarts.join('/')} ms\n`,
    );
    expect(kills).toBeGreaterThan(0);
    // A mail goes again only if it was in flight at a kill: on one of the 5 connections, or accepted by the
    // server while its record waited for the next group commit (longer on a loaded machine: 51 extra in 5
    // kills was seen once beside a full suite, 29-34 alone). Never a whole batch (50) per kill, as before.
    // Once more for each kill it was in flight at.
    const extra = sink.messages.length - N;
    expect(extra).toBeLessThanOrEqual(kills * 20);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(1 + kills);
    // Alone about 0.7–1.0 s here (the process starting); a lock left by the killed one used to add 10 s.
    // The margin is for a suite running on two cores beside it.
    expect(Math.max(...restarts)).toBeLessThan(3_000);
  }, 300_000);
});

function messageId(raw: Buffer): string {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '?';
}
