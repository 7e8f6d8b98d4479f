import { SCHEMA_FINGERPRINT } from '../../src/store/schema.js';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { newInboundRecord } from '../../src/inbound/intake.js';
import { StoreCorrupt } from '../../src/store/errors.js';
import { migrate } from '../../src/store/migrations.js';
import { STORE_VERSION } from '../../src/store/schema.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { sampleInput } from '../helpers/orders.js';

const NOW = new Date('2026-11-25T00:00:00Z');

/** The first line of a snapshot: its plain fields and how many records each collection has. */
function snapshotHeader(file: string) {
  return JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as {
    version: number;
    generation: number;
    records: Record<string, number>;
  };
}

describe('store transactions', () => {
  it('creates the file on the first write and numbers orders', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    expect((await store.open()).orders).toEqual([]);
    const a = await addOrder(store, sampleInput(), NOW);
    const b = await addOrder(store, sampleInput(), NOW);
    expect([a.id, b.id]).toEqual(['C-0001', 'C-0002']);
    // The snapshot is JSON lines, its header first; the journal beside it holds the writes since.
    expect(snapshotHeader(file).version).toBe(STORE_VERSION);
    expect((await new Store(file).open()).orders).toHaveLength(2);
    // The first snapshot is written in ASCII (a store starts in no burst), its Japanese escaped.
    expect(readFileSync(file).every((b) => b < 0x80)).toBe(true);
    expect((await new Store(file).open()).orders[0]!.organization.O).toBe(sampleInput().organization.O);
  });

  it('a change that throws writes nothing', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    const before = readFileSync(file, 'utf8');
    const journalBefore = readFileSync(`${file}.journal`, 'utf8');
    await expect(
      store.transaction((d) => {
        d.orders = [];
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readFileSync(`${file}.journal`, 'utf8')).toBe(journalBefore);
    expect((await store.read()).orders).toHaveLength(1);
  });

  it('a change that breaks the schema is refused, not written', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    const before = readFileSync(file, 'utf8');
    await expect(store.transaction((d) => void ((d.orders[0] as { status: string }).status = 'bogus'))).rejects.toThrow(
      /invalid store/,
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('two Store instances (as two processes would) see each other’s writes', async () => {
    const file = join(tempDir(), 'store.json');
    const a = new Store(file);
    const b = new Store(file);
    await a.open();
    await b.open();
    await addOrder(a, sampleInput(), NOW);
    await addOrder(b, sampleInput(), NOW);
    await Promise.all([
      addOrder(a, sampleInput(), NOW),
      addOrder(b, sampleInput(), NOW),
      addOrder(a, sampleInput(), NOW),
    ]);
    expect((await a.read()).orders.map((o) => o.id).sort()).toEqual(['C-0001', 'C-0002', 'C-0003', 'C-0004', 'C-0005']);
  });

  it('several child processes each adding 50 orders at once lose nothing', async () => {
    const file = join(tempDir(), 'store.json');
    const script = resolve(import.meta.dirname, 'fixtures/add-orders.mjs');
    const workers = 4;
    const codes = await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const child = spawn(process.execPath, [script, file, String(w), '50'], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        return new Promise<number | null>((r) => child.once('exit', r));
      }),
    );
    expect(codes).toEqual(Array(workers).fill(0));
    const data = await new Store(file).open();
    expect(data.orders).toHaveLength(workers * 50);
    expect(new Set(data.orders.map((o) => o.id)).size).toBe(workers * 50);
    expect(new Set(data.orders.map((o) => o.commonName)).size).toBe(workers * 50);
    expect(data.counters.order).toBe(workers * 50);
  }, 60_000);
});

describe('the lock while work keeps coming', () => {
  it('is kept from one commit to the next, but another process gets its turn within seconds and sees every change', async () => {
    const file = join(tempDir(), 'store.json');
    const busy = new Store(file);
    await busy.open();
    // The service in a burst: transactions back to back, well past the 2 s one holding may last.
    let cliDone = false;
    let counted = 0;
    const burst = (async () => {
      const until = performance.now() + 8_000;
      while (!cliDone && performance.now() < until)
        await Promise.all(
          [1, 2, 3].map(() =>
            busy.transaction((d) => {
              d.counters.inbound += 1;
            }),
          ),
        ).then(() => (counted += 3));
      return cliDone ? 'still going' : 'over before the CLI got in';
    })();
    await new Promise((r) => setTimeout(r, 200));
    // A CLI command (a store of its own) in the middle of the burst.
    const cli = new Store(file);
    const seen = await cli.transaction((d) => {
      d.counters.order += 1;
      return d.counters.inbound;
    });
    cliDone = true;
    expect(await burst).toBe('still going');
    expect(seen).toBeGreaterThan(0);
    // Each saw what the other wrote: nothing was written on a stale state.
    const last = await busy.transaction((d) => d.counters);
    expect(last).toMatchObject({ order: 1, inbound: counted });
    expect((await new Store(file).open()).counters).toMatchObject({ order: 1, inbound: counted });
  }, 20_000);
});

describe('a store file that cannot be trusted is refused and left untouched', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['truncated JSON', '{"version":1,"orders":[', /not valid JSON/],
    ['not an object', '[]', /not a JSON object/],
    ['no version', '{"orders":[]}', /no schema version/],
    ['a newer version', '{"version":99}', /schema version 99 is newer/],
    [
      'a bad record',
      JSON.stringify({
        version: 1,
        counters: { order: 1, application: 0 },
        orders: [{ id: 'C-0001' }],
        applications: [],
      }),
      /orders\.0\./,
    ],
  ];
  for (const [name, content, problem] of cases) {
    it(name, async () => {
      const file = join(tempDir(), 'store.json');
      writeFileSync(file, content);
      const store = new Store(file);
      await expect(store.open()).rejects.toThrow(StoreCorrupt);
      await expect(store.open()).rejects.toThrow(problem);
      await expect(store.transaction(() => undefined)).rejects.toThrow(StoreCorrupt);
      expect(readFileSync(file, 'utf8')).toBe(content);
    });
  }
});

describe('migrations', () => {
  it('runs each step from the file version up to the current one', () => {
    const steps = {
      1: (d: Record<string, unknown>) => ({ ...d, version: 2, added: [] }),
      2: (d: Record<string, unknown>) => ({ ...d, version: 3, renamed: d.added }),
    };
    expect(migrate({ version: 1 }, steps, 3)).toEqual({ data: { version: 3, added: [], renamed: [] }, from: 1 });
    expect(migrate({ version: 3 }, steps, 3)).toEqual({ data: { version: 3 }, from: 3 });
    expect(migrate({ version: 2 }, {}, 3)).toEqual({ error: 'no migration from schema version 2' });
  });
});

describe('the journal beside the snapshot', () => {
  it('is folded into a new snapshot once it grows; the state is the same before and after', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file, 4_000);
    for (let i = 0; i < 12; i++) await addOrder(store, sampleInput(), NOW);
    expect(snapshotHeader(file).generation).toBeGreaterThan(1);
    expect(readFileSync(`${file}.journal`).length).toBeLessThan(4_000 + 3_000);
    const fresh = await new Store(file).open();
    expect(fresh.orders.map((o) => o.id)).toEqual((await store.read()).orders.map((o) => o.id));
    expect(fresh.orders).toHaveLength(12);
  });

  it('by default, once it holds a sixteenth of the snapshot (at least 256 KB) and the store is quiet: in ASCII', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    for (let i = 0; i < 10; i++) await addOrder(store, sampleInput(), NOW);
    // A history note of 1.5 KB a commit: 256 KB of commits is about 170 of them, well under 4 MB.
    for (let i = 0; i < 300; i++)
      await store.transaction((d) => {
        const at = NOW.toISOString();
        d.orders[i % 10]!.history.push({
          at,
          event: 'note',
          from: 'received',
          to: 'received',
          detail: `${'x'.repeat(1500)} ${i}`,
        });
      });
    // While commits keep coming, nothing is folded (a fold would hold them up) …
    expect(snapshotHeader(file).generation).toBe(1);
    // … and a second after the last one, it is: a command then replays little, and reads a snapshot in ASCII.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(snapshotHeader(file).generation).toBe(2);
    expect(readFileSync(`${file}.journal`).length).toBe(0);
    expect(readFileSync(file).every((b) => b < 0x80)).toBe(true);
    expect((await new Store(file).open()).orders[9]!.history.at(-1)!.detail).toMatch(/ 299$/);
  });

  it('past 4 MB it is folded at once, even in a burst', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    const note = 'x'.repeat(150_000);
    for (let i = 0; i < 30; i++)
      await store.transaction((d) => {
        d.orders[0]!.history.push({
          at: NOW.toISOString(),
          event: 'note',
          from: 'received',
          to: 'received',
          detail: note,
        });
        d.orders[0]!.history.splice(0, d.orders[0]!.history.length - 2);
      });
    expect(snapshotHeader(file).generation).toBeGreaterThan(1);
    expect(readFileSync(`${file}.journal`).length).toBeLessThan(4 * 1024 * 1024);
    await store.close();
  });

  it('a line a crashed writer left half-written is dropped, and the next write goes on cleanly', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    await addOrder(store, sampleInput(), NOW);
    writeFileSync(`${file}.journal`, readFileSync(`${file}.journal`, 'utf8') + '{"g":1,"p":[{"op":"repl', {
      flag: 'w',
    });
    expect((await new Store(file).open()).orders).toHaveLength(2); // a reader ignores the torn line
    await addOrder(new Store(file), sampleInput(), NOW);
    expect((await new Store(file).open()).orders.map((o) => o.id)).toEqual(['C-0001', 'C-0002', 'C-0003']);
  });

  it('lines of an older generation (a crash between a new snapshot and emptying the journal) are not applied twice', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    await addOrder(store, sampleInput(), NOW);
    const journal = readFileSync(`${file}.journal`, 'utf8');
    // What the crash leaves: a snapshot that already holds the journal's lines, and those lines.
    const state = await new Store(file).open();
    writeFileSync(file, JSON.stringify({ ...state, generation: state.generation + 1 }));
    writeFileSync(`${file}.journal`, journal);
    expect((await new Store(file).open()).orders).toHaveLength(2);
    await addOrder(new Store(file), sampleInput(), NOW);
    expect((await new Store(file).open()).orders).toHaveLength(3);
  });
});

describe('reads beside writes in one process', () => {
  it('a read that catches up while a transaction appends never applies a line twice', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? store.read() : addOrder(store, sampleInput(), NOW))),
    );
    const ids = (await new Store(file).open()).orders.map((o) => o.id);
    expect(ids).toHaveLength(31);
    expect(new Set(ids).size).toBe(31);
    expect((await store.read()).orders.map((o) => o.id)).toEqual(ids);
  });
});

describe('the snapshot as JSON lines', () => {
  async function twoOrders() {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file, 1); // every commit folds into a new snapshot
    await addOrder(store, sampleInput(), NOW);
    await addOrder(store, sampleInput(), NOW);
    return file;
  }

  it('holds a header line, then one record per line, then its seal', async () => {
    const file = await twoOrders();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(snapshotHeader(file).records.orders).toBe(2);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!).id).toBe('C-0001');
    expect(JSON.parse(lines[3]!).sealed.schemas).toBe(SCHEMA_FINGERPRINT);
  });

  it('a snapshot in the older one-document form (pretty-printed, even) is read, and replaced by the next fold', async () => {
    const file = await twoOrders();
    const state = await new Store(file).open();
    writeFileSync(file, JSON.stringify(state, null, 2));
    writeFileSync(`${file}.journal`, '');
    expect((await new Store(file).open()).orders).toHaveLength(2);
    await addOrder(new Store(file, 1), sampleInput(), NOW);
    expect(snapshotHeader(file).records.orders).toBe(3);
  });

  it('text with line separators of every kind (U+2028, CR LF, NEL) stays inside its record', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file, 1);
    const odd = 'a\u2028b\u2029c\r\nd\u0085e\nf';
    await store.transaction((d) => {
      d.inbound.push({
        ...newInboundRecord('I-000001', { sha256: 'a'.repeat(64), size: 1, messageId: null }, { via: 'pipe' }, NOW),
        subject: odd,
      });
    });
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect((await new Store(file).open()).inbound[0]!.subject).toBe(odd);
  });

  const broken: Array<[string, (lines: string[]) => string[], RegExp]> = [
    ['a record line cut short', (l) => [l[0]!, l[1]!.slice(0, 20), l[2]!], /not valid JSON \(line 2/],
    ['fewer records than the header counts', (l) => l.slice(0, 2), /ends after 2 lines: orders has 1 of 2/],
    ['more lines than the header counts', (l) => [...l.slice(0, 3), l[2]!, l[3]!], /more lines than its header counts/],
    [
      'a record its schema refuses (its seal kept)',
      (l) => [l[0]!, l[1]!.replace('"status":"', '"status":"x'), l[2]!, l[3]!],
      /orders\.0\.status/,
    ],
  ];
  for (const [name, cut, problem] of broken) {
    it(`${name}: refused, left untouched`, async () => {
      const file = await twoOrders();
      const content = cut(readFileSync(file, 'utf8').trimEnd().split('\n')).join('\n') + '\n';
      writeFileSync(file, content);
      await expect(new Store(file).open()).rejects.toThrow(problem);
      await expect(addOrder(new Store(file), sampleInput(), NOW)).rejects.toThrow(StoreCorrupt);
      expect(readFileSync(file, 'utf8')).toBe(content);
    });
  }
});

describe('group commit: what queues up while one commit is written goes in the next', () => {
  it('many transactions at once share journal lines, and each gets its own result', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    const ids = await Promise.all(Array.from({ length: 40 }, () => addOrder(store, sampleInput(), NOW)));
    expect(ids.map((o) => o.id)).toEqual(Array.from({ length: 40 }, (_, i) => `C-${String(i + 2).padStart(4, '0')}`));
    const lines = readFileSync(`${file}.journal`, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThan(40);
    expect((await new Store(file).open()).orders).toHaveLength(41);
  });

  it('a change that fails in a batch fails alone: the others are written', async () => {
    const file = join(tempDir(), 'store.json');
    const store = new Store(file);
    await addOrder(store, sampleInput(), NOW);
    const results = await Promise.allSettled([
      addOrder(store, sampleInput(), NOW),
      store.transaction((d) => {
        d.orders = [];
        throw new Error('boom');
      }),
      store.transaction((d) => void ((d.orders[0] as { status: string }).status = 'bogus')),
      addOrder(store, sampleInput(), NOW),
      store.read(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseFulfilledResult<{ orders: unknown[] }>).value.orders).toHaveLength(3);
    expect((await new Store(file).open()).orders.map((o) => o.status)).toEqual(Array(3).fill('received'));
  });
});
