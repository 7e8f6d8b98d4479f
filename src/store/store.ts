import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { enableArrayMethods, enablePatches, produceWithPatches, setAutoFreeze, type Patch } from 'immer';
import { applyJsonPatches } from './apply-patches.js';
import { Low } from 'lowdb';
import { StoreCorrupt, StoreUnavailable } from './errors.js';
import { checksumHolds, Journal, type JournalEntry } from './journal.js';
import { breakIfOwnerDead, lockFs } from './lock-owner.js';
import { migrate } from './migrations.js';
import { checkTouched, describeIssue, reviveRecord, StoreShell } from './check-records.js';
import { emptyStore, RECORD_SCHEMAS, SCHEMA_FINGERPRINT, STORE_VERSION, StoreData } from './schema.js';
import { SnapshotFile, type Document } from './snapshot-file.js';

enablePatches();
// A plain `find` or `some` on a draft array would make a draft of every record it passes (O(store) per
// transaction); with this, predicates see the plain records and only what is returned is drafted.
enableArrayMethods();
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

/**
 * When the journal is folded into a new snapshot once the store is quiet: past a sixteenth of the
 * snapshot, at least 256 KB and at most 64 MB. Every command replays the journal at its start: a
 * fixed 4 MB made `order list` over 1,000 orders take 188 ms instead of 59 at 2.4 MB of journal,
 * while the fold of a store that size is a 1 MB write. In a burst of mail a fold holds up the
 * commits behind it (2,000 mails taken folded a growing store 14 times, 278 ms in all): then only
 * FOLD_AT_ONCE_BYTES folds at once.
 */
export function compactionThreshold(snapshotBytes: number): number {
  return Math.min(64 * 1024 * 1024, Math.max(256 * 1024, Math.floor(snapshotBytes / 16)));
}

/** A journal past this (or past the quiet size, if larger) is folded at once, whatever waits. */
const FOLD_AT_ONCE_BYTES = 4 * 1024 * 1024;
/** How long the store goes without a commit before a journal past its quiet size is folded. */
const QUIET_FOLD_MS = 1_000;

/** The size a file stamp records. */
const bytesOf = (stamp: FileStamp | undefined): number => Number(stamp?.split(':')[1] ?? 0);
/** How long the journal stays open after the last read or write. */
const JOURNAL_LINGER_MS = 1_000;
/** At most this many reads and transactions share one lock, one journal line and one fsync. */
const MAX_BATCH = 64;
/** The longest a process waiting for the lock sleeps between two tries. */
const LOCK_RETRY_MAX_MS = 100;
/**
 * While work keeps coming the lock is kept from one batch to the next (no
 * re-locking, no catching up: nobody else can have written), but for at most
 * this long; then it is let go for longer than a waiting process sleeps
 * between tries, so a CLI command run during a burst waits about 2 s at
 * most (its turn is certain, not a matter of luck), for ~6% of the burst's pace.
 */
const MAX_HOLD_MS = 2_000;
const LOCK_GAP_MS = LOCK_RETRY_MAX_MS + 20;
/** How long the lock is kept once the work has stopped coming: mail arrives a few milliseconds apart. */
const LOCK_LINGER_MS = 10;

/** The cross-process lock while this store holds it. */
interface HeldLock {
  release: () => Promise<void>;
  since: number;
  /** Set when the lock could not be kept fresh (another process may take it as stale): write nothing more under it. */
  lost: Error | null;
}

type Job =
  | { kind: 'read'; resolve: (data: StoreData) => void; reject: (err: unknown) => void }
  | {
      kind: 'write';
      change: (draft: StoreData) => unknown;
      /** Write a snapshot even if nothing changed, when there is none yet. */
      snapshotIfNone: boolean;
      /** Fold the journal if it has grown past its quiet size (the store has been quiet: foldWhenQuiet). */
      foldIfGrown?: true;
      resolve: (result: unknown) => void;
      reject: (err: unknown) => void;
    };

/**
 * The store shared by the service and the CLI: a lowdb snapshot
 * (`store.json`, JSON lines) plus an append-only journal
 * (`store.json.journal`) of the commits since. Every write goes through
 * transaction(): a lock across processes, catching up on what others wrote,
 * the change (an Immer draft), a zod check of the records it touched, and a
 * fsynced journal line. Transactions and reads that queue up while one
 * commit is being written go together in the next (group commit): one lock,
 * one line, one fsync for all of them, each still all-or-nothing. So a
 * transaction costs about the same at 100 orders as at 100,000; the snapshot
 * is rewritten only when the journal has grown (and never when a change
 * fails).
 */
export class Store {
  private readonly db: Low<Document | null>;
  private readonly journal: Journal;
  private data: StoreData | null = null;
  private snapshotStamp: FileStamp | undefined;
  private journalOffset = 0;
  /** Commits this process wrote (the CLI logs a staff action when a command wrote any). */
  commitsWritten = 0;
  private journalTorn = false;
  private folderReady = false;
  private readonly pending: Job[] = [];
  private pumping = false;
  private lingering: NodeJS.Timeout | undefined;
  private held: HeldLock | null = null;
  private unlocking: NodeJS.Timeout | undefined;
  private quietFold: NodeJS.Timeout | undefined;
  private readonly snapshotFile: SnapshotFile;

  constructor(
    readonly file: string,
    /** A fixed size to fold the journal at (tests); by default it follows the snapshot's size. */
    private readonly compactAtBytes?: number,
  ) {
    this.snapshotFile = new SnapshotFile(file, Object.keys(RECORD_SCHEMAS), reviveRecord, SCHEMA_FINGERPRINT);
    this.db = new Low<Document | null>(this.snapshotFile, null);
    this.journal = new Journal(`${file}.journal`);
  }

  /**
   * Read and validate the files (or start empty when there are none). Throws
   * StoreCorrupt, also when the journal ends before the last commit the head
   * file names (lines cut off its end).
   */
  /** Let go of the journal's file handles (a command run in-process ends; the service stops). */
  async close(): Promise<void> {
    clearTimeout(this.quietFold);
    await this.journal.forget();
  }

  async open(): Promise<StoreData> {
    // The head first: it is written after its line is on disk, so the journal read next holds that line
    // (and, when another process writes meanwhile, more), never less.
    const head = await this.journal.head();
    const data = await this.read();
    if (head !== null && head > data.seq)
      throw new StoreCorrupt(
        `${this.file}.journal`,
        existsSync(`${this.file}.journal`)
          ? `it ends at commit ${data.seq}, but commit ${head} was written (${this.journal.headFile}): lines were cut off`
          : `missing: commits ${data.seq + 1} to ${head} are gone`,
      );
    return data;
  }

  /** The current state, caught up with what other processes wrote. Do not change it: use transaction(). */
  read(): Promise<StoreData> {
    // In line with the transactions: a catch-up running beside one could apply its journal line twice.
    return new Promise((resolve, reject) => this.enqueue({ kind: 'read', resolve, reject }));
  }

  /** Write the snapshot now if there is none yet (the service's first start shows where the store is). */
  async ensureFile(): Promise<void> {
    await new Promise((resolve, reject) =>
      this.enqueue({ kind: 'write', change: () => undefined, snapshotIfNone: true, resolve, reject }),
    );
  }

  /**
   * Run `change` on a draft of the freshest state and write what it changed.
   * When `change` throws, nothing is written and the error propagates. What
   * it returns is handed back as plain data.
   */
  transaction<T>(change: (draft: StoreData) => T): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.enqueue({
        kind: 'write',
        change,
        snapshotIfNone: false,
        resolve: resolve as (result: unknown) => void,
        reject,
      }),
    );
  }

  private enqueue(job: Job): void {
    this.pending.push(job);
    if (this.pumping) return;
    this.pumping = true;
    clearTimeout(this.lingering);
    void (async () => {
      do {
        while (this.pending.length > 0) {
          const batch = this.pending.splice(0, MAX_BATCH);
          try {
            if (batch.some((job) => job.kind === 'write')) await this.commit(batch);
            else await this.serveReads(batch);
          } catch (err) {
            for (const job of batch) job.reject(err); // (commit and serveReads settle every job themselves)
          }
          if (this.held && performance.now() - this.held.since > MAX_HOLD_MS) {
            await this.unlock();
            if (this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, LOCK_GAP_MS));
          }
        }
        await this.journal.closeWriter();
      } while (this.pending.length > 0);
      this.pumping = false;
      this.unlockSoon();
      this.closeJournalSoon();
    })();
  }

  /**
   * The journal stays open for reading while work keeps coming (for writing
   * only while commits follow each other), and is closed after a quiet
   * moment: a Store may be dropped at any time, and a handle left to the
   * garbage collector is an error in later Node versions.
   */
  private closeJournalSoon(): void {
    clearTimeout(this.lingering);
    this.lingering = setTimeout(() => {
      if (!this.pumping) void this.journal.forget();
    }, JOURNAL_LINGER_MS);
    this.lingering.unref();
  }

  private async serveReads(reads: Job[]): Promise<void> {
    try {
      if (!this.held) await this.refresh(); // (under our own lock, what we hold is what is on disk)
      for (const job of reads) (job.resolve as (data: StoreData) => void)(this.data!);
    } catch (err) {
      for (const job of reads) job.reject(err);
    }
  }

  /** Run a batch under one lock: each change on the state the one before left, then one journal line. */
  private async commit(batch: Job[]): Promise<void> {
    const fresh = this.held !== null; // held since our last commit: nobody else can have written
    try {
      await this.lock();
    } catch (err) {
      const unavailable = new StoreUnavailable(this.file, err);
      for (const job of batch) if (job.kind === 'write') job.reject(unavailable);
      await this.serveReads(batch.filter((job) => job.kind === 'read'));
      return;
    }
    const settle: Array<() => void> = [];
    const refused = new Map<Job, unknown>(); // changes that threw: they fail with their own error, whatever the batch does
    try {
      if (!fresh) await this.refresh();
      if (this.journalTorn) await this.dropTornTail();
      let state = this.data!;
      const patches: Patch[] = [];
      let snapshotIfNone = false;
      for (const job of batch) {
        if (job.kind === 'read') {
          const seen = state;
          settle.push(() => job.resolve(seen));
          continue;
        }
        try {
          const applied = this.apply(state, job.change);
          state = applied.next;
          patches.push(...applied.patches);
          snapshotIfNone ||= job.snapshotIfNone;
          settle.push(() => job.resolve(applied.result));
        } catch (err) {
          refused.set(job, err);
          settle.push(() => job.reject(err));
        }
      }
      if (this.held?.lost) throw new StoreUnavailable(this.file, this.held.lost);
      await this.write(state, patches, snapshotIfNone);
      if (batch.some((job) => job.kind === 'write' && job.foldIfGrown) && this.journalOffset > this.quietFoldBytes())
        // In a quiet moment: in ASCII, which every command then reads faster (see asciiJson).
        await this.writeSnapshot(this.data!, true).catch(() => this.unlock());
      for (const done of settle) done();
    } catch (err) {
      // Nothing of the batch was written: its transactions fail, its reads get the last state written.
      for (const job of batch)
        if (refused.has(job)) job.reject(refused.get(job));
        else if (job.kind === 'read' && this.data && !(err instanceof StoreCorrupt)) job.resolve(this.data);
        else job.reject(err);
      await this.unlock(); // the next batch locks again and catches up from the files
    }
  }

  /** Take the cross-process lock, unless this store holds it already. */
  private async lock(): Promise<void> {
    if (this.held) return;
    if (!this.folderReady) await mkdir(dirname(this.file), { recursive: true });
    this.folderReady = true;
    const held: HeldLock = { release: async () => undefined, since: 0, lost: null };
    const lockDir = `${this.file}.lock`;
    await breakIfOwnerDead(lockDir);
    // Loaded with the first lock: on load the lock library hooks the process's signals (to let its
    // locks go at exit), and the command line's startup snapshot can hold no signal handler.
    const { default: lockfile } = await import('proper-lockfile');
    const release = await lockfile.lock(this.file, {
      realpath: false,
      lockfilePath: `${this.file}.lock`,
      stale: 10_000,
      update: 2_000,
      retries: { retries: 400, factor: 1.2, minTimeout: 5, maxTimeout: LOCK_RETRY_MAX_MS, randomize: true },
      onCompromised: (err) => (held.lost = err),
      fs: lockFs(lockDir),
    });
    held.release = release;
    held.since = performance.now();
    this.held = held;
  }

  /**
   * Let the lock go after a quiet moment (at once would mean locking again
   * for the next mail, milliseconds later). The timer does not keep the
   * process alive: the lock library removes a lock still held at exit.
   */
  private unlockSoon(): void {
    clearTimeout(this.unlocking);
    this.unlocking = setTimeout(() => {
      if (!this.pumping) void this.unlock();
    }, LOCK_LINGER_MS);
    this.unlocking.unref();
  }

  private async unlock(): Promise<void> {
    const held = this.held;
    this.held = null;
    await held?.release().catch(() => undefined);
  }

  /** One change on a draft of `state`: the next state, what changed, and the change's result as plain data. */
  private apply(state: StoreData, change: (draft: StoreData) => unknown) {
    let result: unknown;
    const [next, patches] = produceWithPatches(state, (draft: StoreData) => {
      // Plain data out: drafts die with the transaction.
      const out = change(draft);
      result = out === undefined ? out : JSON.parse(JSON.stringify(out));
    });
    if (patches.length > 0) checkTouched(next, patches);
    return { next, patches, result };
  }

  private async write(state: StoreData, patches: Patch[], snapshotIfNone: boolean): Promise<void> {
    if (this.snapshotStamp === null) {
      // No snapshot yet: the first write makes one (in ASCII, as a quiet fold: a store starts in no burst).
      if (patches.length > 0 || snapshotIfNone) await this.writeSnapshot(state, true);
      if (patches.length > 0) this.commitsWritten += 1;
      return;
    }
    if (patches.length === 0) return;
    const before = this.journalOffset;
    const seq = state.seq + 1;
    try {
      this.journalOffset += await this.journal.append({
        g: state.generation,
        s: seq,
        p: patches,
        f: SCHEMA_FINGERPRINT,
      });
    } catch (err) {
      // Not done, so not kept: a line that reached the file without its fsync must not count later.
      await this.journal.truncate(before).catch(() => undefined);
      await this.journal.forget();
      this.journalOffset = before;
      throw new StoreUnavailable(this.file, err);
    }
    state = { ...state, seq };
    this.data = state;
    this.commitsWritten += 1;
    if (this.journalOffset > (this.compactAtBytes ?? Math.max(FOLD_AT_ONCE_BYTES, this.quietFoldBytes())))
      // The journal still holds it all; the files may now disagree with what we hold, so the next commit reads them again.
      await this.writeSnapshot(state).catch(() => this.unlock());
    else if (this.compactAtBytes === undefined && this.journalOffset > this.quietFoldBytes()) this.foldWhenQuiet();
  }

  private quietFoldBytes(): number {
    return compactionThreshold(bytesOf(this.snapshotStamp));
  }

  /**
   * Fold the journal once no commit has come for QUIET_FOLD_MS (each commit
   * past the quiet size puts it off again). The timer does not keep the
   * process alive: a command that exits first leaves the fold to the next
   * process that writes.
   */
  private foldWhenQuiet(): void {
    clearTimeout(this.quietFold);
    const fold = () =>
      this.enqueue({
        kind: 'write',
        change: () => undefined,
        snapshotIfNone: false,
        foldIfGrown: true,
        resolve: () => undefined,
        reject: () => undefined, // a fold that fails leaves the journal as it was: the next one tries again
      });
    this.quietFold = setTimeout(fold, QUIET_FOLD_MS);
    this.quietFold.unref();
  }

  private async dropTornTail(): Promise<void> {
    try {
      await this.journal.truncate(this.journalOffset);
    } catch (err) {
      throw new StoreUnavailable(this.file, err);
    }
    this.journalTorn = false;
  }

  /** Fold everything into a new snapshot (next generation), then empty the journal. Under the lock. */
  private async writeSnapshot(state: StoreData, ascii = false): Promise<void> {
    const snapshot = { ...state, generation: state.generation + 1 };
    this.db.data = snapshot;
    this.snapshotFile.ascii = ascii;
    try {
      await this.db.write();
      this.db.data = null;
      // A crash here leaves journal lines of the old generation, which the new snapshot already holds: ignored.
      await this.journal.reset();
    } catch (err) {
      this.db.data = null;
      throw new StoreUnavailable(this.file, err);
    }
    this.data = snapshot;
    this.snapshotStamp = await stampOf(this.file);
    this.journalOffset = 0;
    this.journalTorn = false;
  }

  /** Catch up: a new snapshot means reading it whole; otherwise only the journal lines not yet seen. */
  private async refresh(): Promise<void> {
    const stamp = await stampOf(this.file);
    if (!this.data || stamp !== this.snapshotStamp) await this.loadSnapshot(stamp);
    if (!(await this.catchUp())) {
      // Another process folded the journal into a new snapshot while we read: start over from it.
      await this.loadSnapshot(await stampOf(this.file));
      if (!(await this.catchUp())) throw new StoreCorrupt(`${this.file}.journal`, 'lines that belong to no snapshot');
    }
  }

  /**
   * Apply the journal lines not yet seen; false when they do not follow what
   * we hold (another process folded them into a new snapshot meanwhile).
   * A line whose checksum does not match, a gap in the sequence numbers, a
   * line that makes a record invalid, a journal missing beside a snapshot:
   * the store refuses, naming the file (a torn last line, what a crashed
   * writer leaves, is the one thing tolerated).
   */
  private async catchUp(): Promise<boolean> {
    const journalFile = `${this.file}.journal`;
    let tail;
    try {
      tail = await this.journal.readFrom(this.journalOffset);
    } catch (err) {
      if (err instanceof SyntaxError) return false;
      throw new StoreCorrupt(journalFile, (err as Error).message);
    }
    // Every snapshot is written with a new, empty journal: none beside one means its lines were deleted.
    if (tail.missing && this.snapshotStamp !== null && this.data!.seq > 0)
      throw new StoreCorrupt(journalFile, 'missing: the commits since the last snapshot are gone');
    const data = this.data!;
    const lines: JournalEntry[] = [];
    let seq = data.seq;
    for (const [i, entry] of tail.entries.entries()) {
      if (entry.c !== undefined && !checksumHolds(entry, tail.lines[i]!))
        throw new StoreCorrupt(
          journalFile,
          `commit ${entry.s ?? '?'} does not match its checksum: the file was changed`,
        );
      if (entry.g === data.generation) {
        if (entry.s !== undefined && entry.s !== seq + 1)
          throw new StoreCorrupt(
            journalFile,
            `commit ${entry.s} follows commit ${seq}: ${entry.s > seq ? `${entry.s - seq - 1} commits are missing` : 'lines out of order'}`,
          );
        lines.push(entry);
        seq = entry.s ?? seq + 1;
      } else if (entry.g > data.generation || this.journalOffset > 0) return false;
      // (older generation at the start of the file: already in the snapshot, after a crash mid-compaction)
    }
    this.data = lines.length ? { ...applyLines(data, lines, journalFile), seq } : data;
    this.journalOffset = tail.end;
    this.journalTorn = tail.torn;
    return true;
  }

  private async loadSnapshot(stamp: FileStamp): Promise<void> {
    // A new snapshot comes with a new journal: let go of the old one.
    await this.journal.forget();
    this.journalOffset = 0;
    let raw: unknown;
    try {
      await this.db.read();
      raw = this.db.data;
    } catch (err) {
      throw new StoreCorrupt(
        this.file,
        err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message,
      );
    } finally {
      this.db.data = null; // held by this.data from here on
    }
    if (raw === null) {
      this.data = emptyStore();
      this.snapshotStamp = null;
      return;
    }
    const migrated = migrate(raw);
    if ('error' in migrated) throw new StoreCorrupt(this.file, migrated.error);
    // Records of a file at this version were checked as they were read; an older file's only now, migrated.
    const schema = migrated.from === STORE_VERSION ? StoreShell : StoreData;
    const parsed = schema.safeParse(migrated.data);
    if (!parsed.success) throw new StoreCorrupt(this.file, describeIssue(parsed.error));
    this.data = parsed.data as StoreData;
    this.snapshotStamp = stamp;
  }
}

/**
 * The journal's lines applied to `data`, every record they touched checked
 * against its schema, unless every line was written by these very schemas
 * (its fingerprint, as a sealed snapshot's), which checked each record the
 * line touched before writing it: a day of journal made a command's start
 * 4 ms longer with the checks. At once: one pass of the patches and one
 * check of each record as the lines leave it. Immer's patches name every
 * array position they change, so the positions touched by all the lines are
 * exactly the records that differ from `data`'s, which were checked (and so
 * one line of other schemas has them all checked). Only when a record fails
 * are the lines applied one by one again, to name the commit that broke it.
 */
function applyLines(data: StoreData, lines: JournalEntry[], journalFile: string): StoreData {
  const patches = lines.flatMap((line) => line.p);
  const checked = lines.some((line) => line.f !== SCHEMA_FINGERPRINT);
  try {
    const next = applyJsonPatches(data, patches);
    if (checked) checkTouched(next, patches);
    return next;
  } catch {
    let state = data;
    for (const line of lines) {
      try {
        state = applyJsonPatches(state, line.p);
        if (checked) checkTouched(state, line.p);
      } catch (err) {
        throw new StoreCorrupt(
          journalFile,
          `commit ${line.s ?? '?'}: ${(err as Error).message.replace(/^refusing to write an invalid store: /, '')}`,
        );
      }
    }
    return state;
  }
}
