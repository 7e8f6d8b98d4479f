import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actOnMessage } from '../../src/act/process-inbound.js';
import { analyzeMessage } from '../../src/read/analyze-message.js';
import { MessageRefused, checkSize } from '../../src/inbound/errors.js';
import { RawStore } from '../../src/inbound/raw-store.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { newInboundRecord } from '../../src/inbound/intake.js';
import { parseMessage } from '../../src/parse/parse-message.js';
import { emptyStore } from '../../src/store/schema.js';
import { tempDir } from '../helpers/cli.js';
import { installedOrderNo } from '../helpers/many-orders.js';
import { mutants } from '../helpers/mutants.js';
import { sendRaw, startTestService, testConfig } from '../helpers/service.js';

const COUNT = Number(process.env.CERTDESK_MUTANTS ?? 5_000);
/** Bounded time: no message may take longer than this to read and act on. */
const BOUND_MS = 5_000;

const mail = {
  deskAddress: 'ssl-desk@biz-mail.example.jp',
  deskName: 'desk',
  secret: 's'.repeat(32),
  plusAddressing: true,
};

const record = (n: number, sha256: string, size: number): InboundRecord =>
  newInboundRecord(`I-${String(n).padStart(6, '0')}`, { sha256, size, messageId: null }, { via: 'pipe' }, new Date());

describe(`bad input: ${COUNT} mutated messages`, () => {
  it('each is kept raw, read in bounded time and given a clear outcome; nothing crashes; no order is cancelled by accident', async () => {
    const raws = new RawStore(join(tempDir(), 'raw'));
    const draft = emptyStore();
    draft.orders.push(installedOrderNo(1), installedOrderNo(2));
    let slowest = { ms: 0, name: '' };
    const outcomes = new Map<string, number>();
    let n = 0;
    const threw: string[] = [];
    for (const { name, raw } of mutants(COUNT)) {
      n += 1;
      try {
        checkSize(raw, 25 * 1024 * 1024);
      } catch (err) {
        expect(err, name).toBeInstanceOf(MessageRefused); // empty: turned away at the door, with a reply code
        outcomes.set('refused', (outcomes.get('refused') ?? 0) + 1);
        continue;
      }
      const started = performance.now();
      const sha = await raws.put(raw);
      expect((await raws.get(sha)).equals(raw), name).toBe(true);
      const rec = record(n, sha, raw.length);
      draft.inbound.push(rec);
      let done: InboundRecord;
      try {
        const message = await parseMessage(raw);
        done = actOnMessage({
          draft,
          record: rec,
          message,
          analysis: analyzeMessage(message),
          rawText: raw.toString('latin1'),
          mail,
          policy: { requireDmarc: false, authservId: null },
          now: new Date(),
        });
      } catch (err) {
        threw.push(`${name}: ${String(err)}`);
        // The pipeline's own answer to a reader failure: quarantine, never a crash of the service.
        done = Object.assign(rec, { status: 'quarantined', outcome: 'unreadable', note: String(err) } as const);
      }
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, name };
      expect(ms, `${name} took ${ms} ms`).toBeLessThan(BOUND_MS);
      expect(done.status, name).not.toBe('received');
      expect(done.outcome, name).not.toBeNull();
      outcomes.set(done.outcome!, (outcomes.get(done.outcome!) ?? 0) + 1);
    }
    expect(n).toBe(COUNT);
    // Mutants come from real replies: any that still reads as a cancellation may only be acted on by
    // the order's contact; none of them is, so nothing was cancelled.
    expect(draft.orders.map((o) => o.status)).toEqual(['installed', 'installed']);
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
