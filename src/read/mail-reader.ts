import type { ThreadPool } from '../thread-pool.js';
import { readMail, type MailReading } from './read-mail.js';

/** Where mails are parsed and classified. */
export interface MailReader {
  read(raw: Buffer): Promise<MailReading>;
  readonly describe: string;
}

/** On the main thread: the pipe door, the CLI, tests run from source. */
export const IN_THREAD: MailReader = { read: readMail, describe: 'on the main thread' };

/**
 * On the mail threads: parsing is most of the CPU a mail costs, and on the
 * main thread it competed with taking mail in and writing the store. A
 * thread that dies fails only its task, which the pipeline then reads on the
 * main thread.
 */
export function threadedReader(pool: ThreadPool | null): MailReader {
  if (!pool) return IN_THREAD;
  return { read: (raw) => pool.run<MailReading>('read', raw), describe: pool.describe };
}
