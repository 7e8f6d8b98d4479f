import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { readMail, type MailReading } from './read-mail.js';

/** Where mails are parsed and classified. */
export interface MailReader {
  read(raw: Buffer): Promise<MailReading>;
  close(): Promise<void>;
  readonly describe: string;
}

/** On the main thread: one mail at a time (the pipe door, the CLI, tests run from source). */
export const IN_THREAD: MailReader = {
  read: readMail,
  close: async () => undefined,
  describe: 'on the main thread',
};

/**
 * On reader threads (piscina): parsing is most of the CPU a mail costs, and
 * on the main thread it competed with taking mail in and writing the store.
 * With threads it runs on the other cores. A thread that dies fails only its
 * task, which the pipeline treats like any reading that failed (the mail is
 * quarantined for staff, never lost). When the compiled worker is not there
 * (running from the TypeScript source), mail is read on the main thread.
 */
export function threadedReader(threads: number, worker = new URL('./read-worker.js', import.meta.url)): MailReader {
  if (threads < 1 || !existsSync(fileURLToPath(worker))) return IN_THREAD;
  const pool = new Piscina<Uint8Array, MailReading>({
    filename: worker.href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    atomics: 'disabled',
    concurrentTasksPerWorker: 16,
  });
  return {
    read: (raw) => pool.run(raw),
    close: () => pool.close({ force: true }),
    describe: `on ${threads} reader thread${threads === 1 ? '' : 's'}`,
  };
}
