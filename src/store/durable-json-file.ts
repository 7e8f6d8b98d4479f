import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

let sequence = 0;

/**
 * A lowdb adapter like JSONFile, but durable: the temp file has a name of its
 * own (pid and sequence, so two processes never share one), is fsynced before
 * the rename, and the folder is fsynced after it, so a crash leaves either the
 * old file or the new one. JSON is compact: the store is machine-read.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  /** The parsed file, or null when there is none; a SyntaxError when it is not JSON. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const tmp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${++sequence}.tmp`);
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    const dir = await open(dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
