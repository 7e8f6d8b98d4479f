import { open, rename, stat, truncate } from 'node:fs/promises';
import type { Patch } from 'immer';

/** One transaction as written to the journal: the snapshot generation it follows, and its changes. */
export interface JournalEntry {
  g: number;
  p: Patch[];
}

/**
 * The append-only journal beside the snapshot: one JSON line per
 * transaction, fsynced before the transaction counts as done. Appended only
 * under the store's lock; readers take complete lines only.
 */
export class Journal {
  constructor(readonly file: string) {}

  async size(): Promise<number> {
    try {
      return (await stat(this.file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  /** Complete lines from byte `from`; returns them and the offset after the last complete one. */
  async readFrom(from: number): Promise<{ entries: JournalEntry[]; end: number }> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], end: 0 };
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size <= from) return { entries: [], end: from };
      const buf = Buffer.alloc(size - from);
      await handle.read(buf, 0, buf.length, from);
      const lastNewline = buf.lastIndexOf(0x0a);
      if (lastNewline < 0) return { entries: [], end: from };
      const text = buf.subarray(0, lastNewline).toString('utf8');
      const entries = text ? text.split('\n').map((line) => JSON.parse(line) as JournalEntry) : [];
      return { entries, end: from + lastNewline + 1 };
    } finally {
      await handle.close();
    }
  }

  /** Cut a line a crashed writer left half-written (called under the lock, before appending). */
  async dropTornTail(): Promise<void> {
    const size = await this.size();
    if (size === 0) return;
    const handle = await open(this.file, 'r');
    let keep: number;
    try {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] === 0x0a) return;
      const buf = Buffer.alloc(size);
      await handle.read(buf, 0, size, 0);
      keep = buf.lastIndexOf(0x0a) + 1;
    } finally {
      await handle.close();
    }
    await truncate(this.file, keep);
  }

  /** Append one entry and fsync it; returns the size after. */
  async append(entry: JournalEntry): Promise<number> {
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.write(JSON.stringify(entry) + '\n');
      await handle.sync();
      return (await handle.stat()).size;
    } finally {
      await handle.close();
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
  }
}
