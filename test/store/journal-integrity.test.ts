import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { checksumHolds, checksumOf, type JournalEntry } from '../../src/store/journal.js';
import { Store } from '../../src/store/store.js';
import { SCHEMA_FINGERPRINT } from '../../src/store/schema.js';
import { certdesk, tempDir } from '../helpers/cli.js';
import { RawStore } from '../../src/inbound/raw-store.js';
import { sampleInput } from '../helpers/orders.js';

const NOW = new Date('2026-11-25T00:00:00Z');

/** A store with a snapshot (from the first commit) and three journal lines after it. */
async function storeWithJournal() {
  const file = join(tempDir(), 'store.json');
  const store = new Store(file, 1);
  await addOrder(store, sampleInput(), NOW); // folded: the snapshot
  const again = new Store(file);
  for (let i = 0; i < 3; i++) await addOrder(again, sampleInput(), NOW);
  const lines = readFileSync(`${file}.journal`, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  return { file, lines };
}

const refused = (file: string) =>
  new Store(file).open().then(
    () => 'opened',
    (err: Error) => err.message,
  );

describe("a journal line's checksum, checked from the line's text", () => {
  const entry = {
    g: 2,
    s: 7,
    // Values that hold the markers the check looks for: only the line's own last ones count.
    p: [{ op: 'add', path: ['inbound', 0], value: { note: ',"f":"x","c":"y"', f: 'z', c: '証明書' } }],
    f: 'bcec28c388fa7999',
  } as JournalEntry;
  const line = JSON.stringify({ ...entry, c: checksumOf(entry) });
  const parsed = JSON.parse(line) as JournalEntry;

  it('holds for a line as written, and for the same content written otherwise (keys in another order)', () => {
    expect(checksumHolds(parsed, line)).toBe(true);
    const reordered = JSON.stringify({ c: parsed.c, p: parsed.p, f: parsed.f, s: parsed.s, g: parsed.g });
    expect(checksumHolds(JSON.parse(reordered) as JournalEntry, reordered)).toBe(true);
    const old = { g: 2, s: 7, p: entry.p };
    const oldLine = JSON.stringify({ ...old, c: checksumOf(old) });
    expect(checksumHolds(JSON.parse(oldLine) as JournalEntry, oldLine)).toBe(true);
  });

  it('fails for a changed line', () => {
    const changed = line.replace('証明書', '証明');
    expect(checksumHolds(JSON.parse(changed) as JournalEntry, changed)).toBe(false);
    const renumbered = line.replace('"s":7', '"s":8');
    expect(checksumHolds(JSON.parse(renumbered) as JournalEntry, renumbered)).toBe(false);
  });
});

describe('a journal that lost or changed lines is refused, naming the file', () => {
  it('deleted beside its snapshot', async () => {
    const { file } = await storeWithJournal();
    rmSync(`${file}.journal`);
    expect(await refused(file)).toMatch(/store\.json\.journal is unusable: missing/);
  });

  it('a line taken out of the middle: a gap in the commit numbers', async () => {
    const { file, lines } = await storeWithJournal();
    writeFileSync(`${file}.journal`, [lines[0], lines[2]].join('\n') + '\n');
    expect(await refused(file)).toMatch(/commit \d+ follows commit \d+: 1 commits are missing/);
  });

  it('cut after a whole line: the head file knows a later commit was written', async () => {
    const { file, lines } = await storeWithJournal();
    writeFileSync(`${file}.journal`, lines.slice(0, 2).join('\n') + '\n');
    expect(await refused(file)).toMatch(/lines were cut off/);
  });

  it('a line edited on disk no longer matches its checksum', async () => {
    const { file, lines } = await storeWithJournal();
    writeFileSync(`${file}.journal`, [lines[0], lines[1]!.replace('C-0003', 'C-0009'), lines[2]].join('\n') + '\n');
    expect(await refused(file)).toMatch(/does not match its checksum/);
  });

  it('a well-formed line (right number, right checksum) that breaks the schema', async () => {
    const { file, lines } = await storeWithJournal();
    const last = JSON.parse(lines[2]!) as { g: number; s: number; p: unknown[] };
    const bogus = { g: last.g, s: last.s + 1, p: [{ op: 'replace', path: ['orders', 0, 'status'], value: 'bogus' }] };
    writeFileSync(
      `${file}.journal`,
      [...lines, JSON.stringify({ ...bogus, c: checksumOf(bogus as never) })].join('\n') + '\n',
    );
    writeFileSync(`${file}.journal-head`, `${bogus.s}\n`);
    expect(await refused(file)).toMatch(/orders\.0\.status/);
  });

  it('a line that breaks the schema amid good ones is named, though the lines are applied at once', async () => {
    const { file, lines } = await storeWithJournal();
    const [a, b, c] = lines.map((l) => JSON.parse(l) as { g: number; s: number; p: unknown[] });
    // The middle line changed and given a right checksum: it breaks order 0; the line after it is good.
    const bogus = { g: b!.g, s: b!.s, p: [...b!.p, { op: 'replace', path: ['orders', 0, 'validation'], value: 'EV' }] };
    const rewritten = [a!, { ...bogus, c: checksumOf(bogus as never) }, c!].map((l) => JSON.stringify(l));
    writeFileSync(`${file}.journal`, rewritten.join('\n') + '\n');
    expect(await refused(file)).toMatch(new RegExp(`commit ${b!.s}: orders\\.0\\.validation`));
  });

  it('a line whose change has nothing to change (or names a prototype) is refused, naming its commit', async () => {
    for (const patch of [
      { op: 'replace', path: ['orders', 7, 'status'], value: 'issued' },
      { op: 'add', path: ['orders', 0, '__proto__', 'polluted'], value: true },
    ]) {
      const { file, lines } = await storeWithJournal();
      const [a, b, c] = lines.map((l) => JSON.parse(l) as { g: number; s: number; p: unknown[] });
      const bogus = { g: b!.g, s: b!.s, p: [...b!.p, patch] };
      const rewritten = [a!, { ...bogus, c: checksumOf(bogus as never) }, c!].map((l) => JSON.stringify(l));
      writeFileSync(`${file}.journal`, rewritten.join('\n') + '\n');
      expect(await refused(file)).toMatch(new RegExp(`store\\.json\\.journal is unusable: commit ${b!.s}: `));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('lines carry the fingerprint of the schemas that checked them: only a line of other schemas (or none) is checked again', async () => {
    const { file, lines } = await storeWithJournal();
    expect(lines.map((l) => (JSON.parse(l) as { f?: string }).f)).toEqual(Array(3).fill(SCHEMA_FINGERPRINT));
    const last = JSON.parse(lines[2]!) as { g: number; s: number };
    const breaking = {
      g: last.g,
      s: last.s + 1,
      p: [{ op: 'replace', path: ['orders', 0, 'status'], value: 'bogus' }],
    };
    for (const [f, opens] of [
      ['0000000000000000', false],
      [undefined, false],
      [SCHEMA_FINGERPRINT, true], // checked by these schemas when written, as a sealed snapshot's records are
    ] as const) {
      const line = JSON.stringify({ ...breaking, ...(f ? { f } : {}), c: checksumOf(breaking as never) });
      writeFileSync(`${file}.journal`, [...lines, line].join('\n') + '\n');
      expect(await refused(file), String(f)).toMatch(opens ? /^opened$/ : /orders\.0\.status/);
    }
  });

  it('a torn last line (a crashed writer) is the one thing tolerated', async () => {
    const { file, lines } = await storeWithJournal();
    writeFileSync(`${file}.journal`, lines.join('\n') + '\n{"g":2,"s":9,"p":[{"op":"rep');
    expect((await new Store(file).open()).orders).toHaveLength(4);
  });
});

describe('raw mail the store does not know', () => {
  it('is reported by status, with the data folder', async () => {
    const dir = join(tempDir(), 'data');
    const store = new Store(join(dir, 'store.json'));
    await addOrder(store, sampleInput(), NOW);
    const raws = new RawStore(join(dir, 'raw'));
    const sha = await raws.put(Buffer.from('From: a@b.jp\r\nSubject: lost\r\n\r\nキャンセル\r\n'));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(raws.pathOf(sha), old, old);
    const r = certdesk(['status'], { CERTDESK_DATA_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`data in ${dir}`);
    expect(r.stdout).toMatch(
      new RegExp(`1 raw mail on disk unknown to the store \\(${raws.pathOf(sha).replace(/[.]/g, '\\.')}`),
    );
  });
});
