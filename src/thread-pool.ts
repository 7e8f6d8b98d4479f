import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/** The mail threads: CPU-heavy mail work (reading inbound, composing outgoing) beside the main thread. */
export interface ThreadPool {
  /** Run one of the worker's named exports (see mail-worker.ts). */
  run<Out>(task: string, input: unknown): Promise<Out>;
  close(): Promise<void>;
  /** "on 1 thread" */
  readonly describe: string;
}

/**
 * A pool of `threads` threads running `mail-worker.js` (with piscina), or
 * null when there are to be none or the compiled worker is not there
 * (running from the TypeScript source): callers then do the work on the main
 * thread. Tasks are async and interleave (a parse waits on streams), so each
 * thread takes several at once and its event loop runs between them.
 */
export function mailThreadPool(
  threads: number,
  worker = new URL('./mail-worker.js', import.meta.url),
): ThreadPool | null {
  if (threads < 1 || !existsSync(fileURLToPath(worker))) return null;
  const pool = new Piscina({
    filename: worker.href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    atomics: 'disabled',
    concurrentTasksPerWorker: 16,
  });
  return {
    run: (task, input) => pool.run(input, { name: task }),
    close: () => pool.close({ force: true }),
    describe: `on ${threads} thread${threads === 1 ? '' : 's'}`,
  };
}
