import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let sequence = 0;

/**
 * Write a file so that a crash leaves either the old file or the new one,
 * never half of one: a temp file with a name of its own (pid and sequence, so
 * two processes never share one), fsynced, renamed into place, and the folder
 * fsynced so the rename itself survives. Used for the store's snapshot, raw
 * mail and outgoing .eml files.
 */
export async function writeFileDurably(
  file: string,
  write: (handle: FileHandle) => Promise<unknown>,
  mode = 0o600,
): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${++sequence}.tmp`);
  try {
    const handle = await open(tmp, 'w', mode);
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncFolder(dirname(file));
}

/** fsync a folder: makes a file created or renamed in it survive a crash. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
