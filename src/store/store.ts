import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import lockfile from 'proper-lockfile';
import { DurableJSONFile } from './durable-json-file.js';
import { StoreCorrupt, StoreUnavailable } from './errors.js';
import { migrate } from './migrations.js';
import { emptyStore, StoreData } from './schema.js';

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

/**
 * The JSON store shared by the service and the CLI. Every write goes through
 * transaction(): a lock across processes, a re-read when another process has
 * written since, the change, a zod check, an atomic durable write. Reads see
 * the last state this process read or wrote.
 */
export class Store {
  private readonly db: Low<unknown>;
  private data: StoreData | null = null;
  private stamp: FileStamp | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {
    this.db = new Low<unknown>(new DurableJSONFile<unknown>(file), null);
  }

  /** Read and validate the file (or start empty when there is none). Throws StoreCorrupt. */
  async open(): Promise<StoreData> {
    await this.refresh();
    return this.data!;
  }

  /** The current state, re-read from disk when another process has changed it. */
  async read(): Promise<StoreData> {
    await this.refresh();
    return this.data!;
  }

  /**
   * Run `change` on a copy of the freshest state and write the result. When
   * `change` throws, nothing is written and the error propagates.
   */
  transaction<T>(change: (draft: StoreData) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.runLocked(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runLocked<T>(change: (draft: StoreData) => T | Promise<T>): Promise<T> {
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
      await this.refresh();
      const draft = structuredClone(this.data!);
      const result = await change(draft);
      const checked = StoreData.safeParse(draft);
      if (!checked.success) throw new Error(`refusing to write an invalid store: ${describeIssue(checked.error)}`);
      this.db.data = checked.data;
      try {
        await this.db.write();
      } catch (err) {
        throw new StoreUnavailable(this.file, err);
      }
      this.data = checked.data;
      this.stamp = await stampOf(this.file);
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async refresh(): Promise<void> {
    const stamp = await stampOf(this.file);
    if (this.data && stamp === this.stamp) return;
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
      this.stamp = null;
      return;
    }
    const migrated = migrate(raw);
    if ('error' in migrated) throw new StoreCorrupt(this.file, migrated.error);
    const parsed = StoreData.safeParse(migrated.data);
    if (!parsed.success) throw new StoreCorrupt(this.file, describeIssue(parsed.error));
    this.data = parsed.data;
    this.stamp = stamp;
  }
}
