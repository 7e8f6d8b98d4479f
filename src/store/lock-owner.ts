import * as fs from 'node:fs';
import { readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * This process, as the holder of a lock or a lease: `host:pid`. Asked each
 * time, never kept: a value kept at load would be the build's own in the
 * command line's startup snapshot (src/cli/snapshot.ts), a pid long gone.
 */
export const self = (): string => `${hostname()}:${process.pid}`;

/** A holder on this host whose process no longer exists. */
export function deadOnThisHost(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || owner === self() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/*
 * proper-lockfile's lock is a directory it removes with rmdir, so who holds
 * it lives beside it: `<lock>-owner` holds `host:pid:inode`, naming the
 * very directory this holder made. The note is written in the same
 * synchronous step as the directory (lockFs), so every lock has its own
 * note; the note is never removed, the next holder overwrites it.
 */
const ownerFile = (lockDir: string) => `${lockDir}-owner`;

/**
 * Write down that this process holds the lock just taken. Synchronous on
 * purpose: no turn of the event loop between taking the lock and saying so,
 * the only moment a SIGKILL would leave a lock nobody can name.
 */
export function recordOwner(lockDir: string): void {
  const { ino } = fs.statSync(lockDir);
  fs.writeFileSync(ownerFile(lockDir), `${self()}:${ino}\n`);
}

/**
 * A lock left by a process of this host that died (SIGKILL, power cut while
 * holding it) is broken at once instead of waiting for it to go stale (10 s).
 * True when it was broken.
 */
export async function breakIfOwnerDead(lockDir: string): Promise<boolean> {
  let note: string;
  let dir: { ino: number };
  try {
    [note, dir] = await Promise.all([readFile(ownerFile(lockDir), 'utf8'), stat(lockDir)]);
  } catch {
    return false; // no lock, or no note of who holds it: the lock library decides
  }
  const [host, pid, ino] = note.trim().split(':');
  if (Number(ino) !== dir.ino || !deadOnThisHost(`${host}:${pid}`)) return false;
  try {
    await rmdir(lockDir);
  } catch {
    return false;
  }
  await unlink(ownerFile(lockDir)).catch(() => undefined);
  return true;
}

/**
 * The file system proper-lockfile takes the lock with, but for its mkdir:
 * the lock directory is made and its owner written down in one synchronous
 * step, so no SIGKILL can land between the two (the lock library's own
 * mkdir, stat and callback took several turns of a busy event loop).
 */
export function lockFs(lockDir: string): typeof fs {
  return {
    ...fs,
    mkdir: ((path: fs.PathLike, callback: (err: NodeJS.ErrnoException | null) => void) => {
      try {
        fs.mkdirSync(path);
        if (String(path) === lockDir)
          try {
            recordOwner(lockDir);
          } catch {
            // Without the note a crash only means the lock library's 10 s wait.
          }
      } catch (err) {
        return process.nextTick(callback, err as NodeJS.ErrnoException);
      }
      process.nextTick(callback, null);
    }) as typeof fs.mkdir,
  };
}
