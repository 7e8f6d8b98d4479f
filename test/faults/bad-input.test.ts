import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MessageRefused } from '../../src/inbound/errors.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { inboundPipeline } from '../../src/main.js';
import { Store } from '../../src/store/store.js';
import { installedOrderNo } from '../helpers/many-orders.js';
import { mutants } from '../helpers/mutants.js';
import { rawPath, sendRaw, startTestService, testConfig } from '../helpers/service.js';

const COUNT = Number(process.env.CERTDESK_MUTANTS ?? 5_000);
/** Bounded time: no message may take longer than this to read and act on. */
const BOUND_MS = 5_000;

describe(`bad input: ${COUNT} mutated messages`, () => {
  it('each is kept raw, read in bounded time and given a clear outcome; nothing throws; no order is cancelled by accident', async () => {
    // The service's own pipeline (the pipe door's path): store raw, record, read, act.
    const config = testConfig();
    const store = new Store(config.storeFile);
    await store.open();
    await store.transaction((d) => {
      d.orders.push(installedOrderNo(1), installedOrderNo(2));
      d.counters.order = 2;
    });
    const pipeline = inboundPipeline(config, store);
    let slowest = { ms: 0, name: '' };
    const outcomes = new Map<string, number>();
    let n = 0;
    const threw: string[] = [];
    for (const { name, raw } of mutants(COUNT)) {
      n += 1;
      const started = performance.now();
      let done: InboundRecord;
      try {
        const { record, duplicate } = await pipeline.receive(raw, { via: 'pipe' });
        // Kept as it came (a mutant whose content another one already had is that one's record).
        if (!duplicate) expect(readFileSync(rawPath(config, record.rawSha256)).equals(raw), name).toBe(true);
        done = duplicate ? record : await pipeline.processOrQuarantine(record.id);
      } catch (err) {
        if (err instanceof MessageRefused) {
          outcomes.set(`refused (${err.smtpCode})`, (outcomes.get(`refused (${err.smtpCode})`) ?? 0) + 1);
          continue; // empty: turned away at the door with its reply code, nothing stored
        }
        threw.push(`${name}: ${String(err)}`);
        continue;
      }
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, name };
      expect(ms, `${name} took ${ms} ms`).toBeLessThan(BOUND_MS);
      expect(done.status, name).not.toBe('received');
      expect(done.outcome, name).not.toBeNull();
      outcomes.set(done.outcome!, (outcomes.get(done.outcome!) ?? 0) + 1);
    }
    expect(threw).toEqual([]);
    expect(n).toBe(COUNT);
    // Mutants come from real replies: any that still reads as a cancellation may only be acted on by
    // the order's contact; none of them is, so nothing was cancelled.
    const data = await store.read();
    expect(data.orders.map((o) => o.status)).toEqual(['installed', 'installed']);
    expect(data.inbound.filter((r) => r.status === 'received')).toEqual([]);
    process.stderr.write(
      `bad input: ${COUNT} mutants, slowest ${slowest.ms.toFixed(0)} ms (${slowest.name}); ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
    );
  }, 600_000);

  it('through the SMTP door too: a sample of them each gets an SMTP answer, the service keeps running', async () => {
    const config = testConfig();
    const svc = await startTestService(config);
    const sample = [...mutants(300, 99)].filter((_, i) => i % 3 === 0).map((m) => ({ raw: m.raw }));
    const answers = await sendRaw(svc.smtpPort, sample);
    expect(answers.every((a) => a.ok || (a.code !== undefined && a.code >= 500))).toBe(true);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    // Accepted means stored: each 250 names the record (mutants of one reply share its Message-ID: one record).
    for (const a of answers.filter((x) => x.ok)) expect(a.response).toMatch(/(queued as|already have it as) I-\d{6}/);
    const named = new Set(answers.filter((a) => a.ok).map((a) => /I-\d{6}/.exec(a.response)![0]));
    expect(data.inbound.map((r) => r.id).sort()).toEqual([...named].sort());
    expect(data.inbound.filter((r) => r.status === 'received')).toEqual([]);
    // Still serving:
    const [after] = await sendRaw(svc.smtpPort, [
      { raw: Buffer.from('From: a@b.example\r\nSubject: ok\r\n\r\nstill there?\r\n') },
    ]);
    expect(after?.ok).toBe(true);
    await svc.stop();
  }, 120_000);
});
