import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataFolderUnusable } from './errors.js';

/**
 * The data folder, checked before anything reads or writes it: a file in
 * its place, a folder that cannot be made (/proc/…, no permission), and —
 * unless the command is one that starts a store — a folder without a store
 * are each one line naming the path, never "no orders" from an empty store
 * made up on the spot.
 */
export function prepareDataFolder(dir: string, create: boolean): void {
  let isDir: boolean | null = null;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new DataFolderUnusable(dir, `cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
  if (isDir === false) throw new DataFolderUnusable(dir, 'is a file, not a folder');
  const hasStore = isDir === true && exists(join(dir, 'store.json'));
  if (hasStore) return;
  if (!create)
    throw new DataFolderUnusable(
      dir,
      'holds no store yet (`certdesk serve` or `certdesk order add` starts one there; is this the folder you meant?)',
    );
  try {
    makeFolder(dir);
  } catch (err) {
    throw new DataFolderUnusable(dir, `cannot be created (${(err as NodeJS.ErrnoException).code})`);
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns for a
 * path under /proc (seen on Node 20: it spins on the ENOENT procfs gives).
 */
function makeFolder(dir: string): void {
  const parent = dirname(dir);
  if (parent !== dir && !exists(parent)) makeFolder(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
