import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { applyPatches, enablePatches, produceWithPatches, setAutoFreeze, type Patch } from 'immer';
import { Low } from 'lowdb';
import lockfile from 'proper-lockfile';
import { DurableJSONFile } from './durable-json-file.js';
import { StoreCorrupt, StoreUnavailable } from './errors.js';
import { Journal } from './journal.js';
import { migrate } from './migrations.js';
import { emptyStore, RECORD_SCHEMAS, StoreData } from './schema.js';

enablePatches();
// Freezing a tree of 100,000 orders costs more than it protects: reads are not mutated by convention.
setAutoFreeze(false);

type FileStamp = string | null;

async function stampOf(file: string): Promise<FileStamp> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function describeIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0]!;
  const where = first.path.map(String).join('.') || '(top level)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${where}: ${first.message}${more}`;
}

/** When the journal is folded into a new snapshot. */
const COMPACT_AT_BYTES = 4 * 1024 * 1024;

/**
 * The store shared by the service and the CLI: a lowdb JSON snapshot
 * (`store.json`) plus an append-only journal (`store.json.journal`) of the
 * transactions since. Every write goes through transaction(): a lock across
 * processes, catching up on what others wrote, the change (an Immer draft),
 * a zod check of the records it touched, and one fsynced journal line. So a
 * transaction costs about the same at 100 orders as at 100,000; the
 * snapshot is rewritten only when the journal has grown (and never when a
 * change fails).
 */
export class Store {
  private readonly db: Low<unknown>;
  private readonly journal: Journal;
  private data: StoreData | null = null;
  private snapshotStamp: FileStamp | undefined;
  private journalOffset = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private createOnEmpty = false;

  constructor(
    readonly file: string,
    private readonly compactAtBytes = COMPACT_AT_BYTES,
  ) {
    this.db = new Low<unknown>(new DurableJSONFile<unknown>(file), null);
    this.journal = new Journal(`${file}.journal`);
  }

  /** Read and validate the files (or start empty when there are none). Throws StoreCorrupt. */
  open(): Promise<StoreData> {
    return this.read();
  }

  /** The current state, caught up with what other processes wrote. Do not change it: use transaction(). */
  read(): Promise<StoreData> {
    // In line with the transactions: a catch-up running beside one could apply its journal line twice.
    const run = this.queue.then(async () => {
      await this.refresh();
      return this.data!;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Write the snapshot now if there is none yet (the service's first start shows where the store is). */
  async ensureFile(): Promise<void> {
    this.createOnEmpty = true;
    try {
      await this.transaction(() => undefined);
    } finally {
      this.createOnEmpty = false;
    }
  }

  /**
   * Run `change` on a draft of the freshest state and write what it changed.
   * When `change` throws, nothing is written and the error propagates. What
   * it returns is handed back as plain data.
   */
  transaction<T>(change: (draft: StoreData) => T): Promise<T> {
    const run = this.queue.then(() => this.runLocked(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runLocked<T>(change: (draft: StoreData) => T): Promise<T> {
    await mkdir(dirname(this.file), { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.file, {
        realpath: false,
        lockfilePath: `${this.file}.lock`,
        stale: 10_000,
        update: 2_000,
        retries: { retries: 400, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
      });
    } catch (err) {
      throw new StoreUnavailable(this.file, err);
    }
    try {
      await this.journal.dropTornTail().catch((err: unknown) => {
        throw new StoreUnavailable(this.file, err);
      });
      await this.refresh();
      let result!: T;
      const [next, patches] = produceWithPatches(this.data!, (draft: StoreData) => {
        // Plain data out: drafts die with the transaction.
        const out = change(draft);
        result = out === undefined ? out : (JSON.parse(JSON.stringify(out)) as T);
      });
      if (patches.length === 0 && !(this.snapshotStamp === null && this.createOnEmpty)) return result;
      this.check(next, patches);
      if (this.snapshotStamp === null) {
        // No snapshot yet: the first write makes one.
        await this.writeSnapshot(next);
      } else {
        let size: number;
        try {
          size = await this.journal.append({ g: next.generation, p: patches });
        } catch (err) {
          throw new StoreUnavailable(this.file, err);
        }
        this.data = next;
        this.journalOffset = size;
        if (size > this.compactAtBytes) await this.writeSnapshot(next).catch(() => undefined); // the journal still holds it all
      }
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Validate what the patches touched: each changed record with its schema, each changed top-level field. */
  private check(next: StoreData, patches: Patch[]): void {
    const touched = new Map<string, Set<number> | 'all'>();
    for (const { path } of patches) {
      const key = String(path[0]);
      if (path.length >= 2 && key in RECORD_SCHEMAS && typeof path[1] === 'number') {
        const set = touched.get(key);
        if (set !== 'all') touched.set(key, (set ?? new Set()).add(path[1]));
      } else touched.set(key, 'all');
    }
    const fail = (where: string, error: Parameters<typeof describeIssue>[0]) => {
      throw new Error(`refusing to write an invalid store: ${where}${describeIssue(error)}`);
    };
    for (const [key, which] of touched) {
      const records = RECORD_SCHEMAS[key as keyof typeof RECORD_SCHEMAS];
      if (records && which !== 'all') {
        const list = next[key as keyof typeof RECORD_SCHEMAS] as unknown[];
        for (const i of which) {
          if (i >= list.length) continue; // removed
          const r = records.safeParse(list[i]);
          if (!r.success) fail(`${key}.${i}.`, r.error);
        }
        continue;
      }
      const field = StoreData.shape[key as keyof typeof StoreData.shape];
      if (!field) fail('', { issues: [{ path: [key], message: 'unknown field' }] });
      const r = field.safeParse(next[key as keyof StoreData]);
      if (!r.success) fail(`${key}.`, r.error);
    }
  }

  /** Fold everything into a new snapshot (next generation), then empty the journal. Under the lock. */
  private async writeSnapshot(state: StoreData): Promise<void> {
    const snapshot = { ...state, generation: state.generation + 1 };
    this.db.data = snapshot;
    try {
      await this.db.write();
      this.db.data = null;
      // A crash here leaves journal lines of the old generation, which the new snapshot already holds: ignored.
      await this.journal.reset();
    } catch (err) {
      throw new StoreUnavailable(this.file, err);
    }
    this.data = snapshot;
    this.snapshotStamp = await stampOf(this.file);
    this.journalOffset = 0;
  }

  /** Catch up: a new snapshot means reading it whole; otherwise only the journal lines not yet seen. */
  private async refresh(): Promise<void> {
    const stamp = await stampOf(this.file);
    if (!this.data || stamp !== this.snapshotStamp) {
      await this.loadSnapshot(stamp);
      this.journalOffset = 0;
    }
    if (!(await this.catchUp())) {
      // Another process folded the journal into a new snapshot while we read: start over from it.
      await this.loadSnapshot(await stampOf(this.file));
      this.journalOffset = 0;
      if (!(await this.catchUp())) throw new StoreCorrupt(`${this.file}.journal`, 'lines that belong to no snapshot');
    }
  }

  /** Apply the journal lines not yet seen; false when they do not follow what we hold. */
  private async catchUp(): Promise<boolean> {
    let tail;
    try {
      tail = await this.journal.readFrom(this.journalOffset);
    } catch (err) {
      if (err instanceof SyntaxError) return false;
      throw new StoreCorrupt(`${this.file}.journal`, (err as Error).message);
    }
    let data = this.data!;
    for (const entry of tail.entries) {
      if (entry.g === data.generation) data = applyPatches(data, entry.p);
      else if (entry.g > data.generation || this.journalOffset > 0) return false;
      // (older generation at the start of the file: already in the snapshot, after a crash mid-compaction)
    }
    this.data = data;
    this.journalOffset = tail.end;
    return true;
  }

  private async loadSnapshot(stamp: FileStamp): Promise<void> {
    let raw: unknown;
    try {
      await this.db.read();
      raw = this.db.data;
    } catch (err) {
      throw new StoreCorrupt(
        this.file,
        err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message,
      );
    }
    if (raw === null) {
      this.data = emptyStore();
      this.snapshotStamp = null;
      return;
    }
    this.db.data = null; // lowdb would keep the unparsed copy alive beside the parsed one
    const migrated = migrate(raw);
    if ('error' in migrated) throw new StoreCorrupt(this.file, migrated.error);
    const parsed = StoreData.safeParse(migrated.data);
    if (!parsed.success) throw new StoreCorrupt(this.file, describeIssue(parsed.error));
    this.data = parsed.data;
    this.snapshotStamp = stamp;
  }
}
