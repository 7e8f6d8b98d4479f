import { hash } from 'node:crypto';
import { open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import type { Patch } from 'immer';

/**
 * One commit as written to the journal: the snapshot generation it follows,
 * its sequence number, a checksum of both and its changes, and the changes.
 * (Lines written before sequence numbers existed have neither `s` nor `c`.)
 */
export interface JournalEntry {
  g: number;
  s?: number;
  c?: string;
  p: Patch[];
  /**
   * The record schemas' fingerprint its writer checked the records it touched against (lines
   * written before it was noted have none). Outside the checksum, so an older certdesk still
   * reads the line; like a snapshot's seal, it spares a check, it proves nothing.
   */
  f?: string;
}

/** The checksum of a line's content: a line changed on disk no longer matches it. */
export function checksumOf(entry: Pick<JournalEntry, 'g' | 's' | 'p'>): string {
  return hash('sha256', JSON.stringify([entry.g, entry.s, entry.p]), 'hex').slice(0, 16);
}

/**
 * Whether a line read back still matches its checksum. Hashed from the line's own text of its
 * changes when the line is as `append` wrote it (JSON.stringify of the changes again was a third
 * of replaying a journal), else as checksumOf does: the quick way can only miss, never pass a
 * changed line (its text would hash otherwise).
 */
export function checksumHolds(entry: JournalEntry, line: string): boolean {
  const start = line.indexOf('"p":');
  const end = line.lastIndexOf(entry.f !== undefined ? ',"f":"' : ',"c":"');
  if (entry.s !== undefined && start > 0 && end > start) {
    // (crypto.hash, one call: a Hash object a line cost more than hashing the line)
    const quick = hash('sha256', `[${entry.g},${entry.s},${line.slice(start + 4, end)}]`, 'hex').slice(0, 16);
    if (quick === entry.c) return true;
  }
  return checksumOf(entry) === entry.c;
}

/** What the journal holds past an offset. */
export interface JournalTail {
  entries: JournalEntry[];
  /** Each entry's line as read. */
  lines: string[];
  /** The offset after the last complete line. */
  end: number;
  /** Bytes after `end`: a line a crashed writer left half-written (or one being written now). */
  torn: boolean;
}

/**
 * The append-only journal beside the snapshot: one JSON line per commit,
 * fsynced before the commit counts as done. Appended only under the store's
 * lock; readers take complete lines only. The file stays open between
 * commits; `forget()` lets it go when another process may have replaced it
 * (a new snapshot always comes with a new, empty journal).
 */
export class Journal {
  private reader: FileHandle | null = null;
  private writer: FileHandle | null = null;

  constructor(readonly file: string) {}

  /** Close the file for writing (a file open for writing keeps its disk from being remounted read-only). */
  async closeWriter(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.close().catch(() => undefined);
  }

  /** Close the file: the next call opens whatever file the name then points at. */
  async forget(): Promise<void> {
    const handles = [this.reader, this.writer];
    this.reader = this.writer = null;
    for (const handle of handles) await handle?.close().catch(() => undefined);
  }

  /** Complete lines from byte `from` (none when there is no journal: reading never creates one; `missing` says so). */
  async readFrom(from: number): Promise<JournalTail & { missing?: true }> {
    try {
      this.reader ??= await open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { entries: [], lines: [], end: 0, torn: false, missing: true };
      throw err;
    }
    const { size } = await this.reader.stat();
    if (size <= from) return { entries: [], lines: [], end: from, torn: false };
    const buf = Buffer.alloc(size - from);
    await this.reader.read(buf, 0, buf.length, from);
    const lastNewline = buf.lastIndexOf(0x0a);
    if (lastNewline < 0) return { entries: [], lines: [], end: from, torn: true };
    const end = from + lastNewline + 1;
    const text = buf.subarray(0, lastNewline).toString('utf8');
    const lines = text ? text.split('\n') : [];
    const entries = lines.map((line) => JSON.parse(line) as JournalEntry);
    return { entries, lines, end, torn: end < size };
  }

  private async writable(): Promise<FileHandle> {
    this.writer ??= await open(this.file, 'a', 0o600);
    return this.writer;
  }

  /** Cut what follows the last complete line (under the lock, before appending). */
  async truncate(at: number): Promise<void> {
    await (await this.writable()).truncate(at);
  }

  /**
   * Append one entry and fsync it; then note its sequence number in the head
   * file (not fsynced: after a power cut it may only be behind, never ahead
   * of the journal). Returns the bytes written.
   */
  async append(entry: JournalEntry): Promise<number> {
    const handle = await this.writable();
    const line = Buffer.from(JSON.stringify({ ...entry, c: checksumOf(entry) }) + '\n');
    await handle.write(line);
    await handle.sync();
    if (entry.s !== undefined) await writeFile(this.headFile, `${entry.s}\n`).catch(() => undefined);
    return line.length;
  }

  /** The head file: the sequence number of the last commit written. A journal that ends before it lost lines. */
  get headFile(): string {
    return `${this.file}-head`;
  }

  /** The last sequence number written, as the head file says; null when there is none. */
  async head(): Promise<number | null> {
    try {
      const n = Number((await readFile(this.headFile, 'utf8')).trim());
      return Number.isInteger(n) ? n : null;
    } catch {
      return null;
    }
  }

  /** Start empty (after a snapshot holds everything): a new file renamed into place. */
  async reset(): Promise<void> {
    const tmp = `${this.file}.${process.pid}.new`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    await this.forget();
  }
}
