import type { ThreadPool } from '../thread-pool.js';
import type { OutboxEntry } from './outbox-entry.js';
import type { Composed, Newline } from './transport.js';

/** Where outgoing mail is composed (MIME) before it is sent. */
export interface MailComposer {
  /** The mail composed, or null: then the transport composes it as it sends. */
  compose(entry: OutboxEntry, newline: Newline): Promise<Composed | null>;
  readonly describe: string;
}

/** The transport composes each mail on the main thread as it sends it. */
export const IN_TRANSPORT: MailComposer = { compose: async () => null, describe: 'on the main thread' };

/**
 * On the mail threads: composing was about a third of what sending a mail
 * cost the main thread beyond the SMTP conversation itself. A thread that
 * fails leaves the mail to be composed by the transport.
 */
export function threadedComposer(pool: ThreadPool | null): MailComposer {
  if (!pool) return IN_TRANSPORT;
  return {
    compose: (entry, newline) => pool.run<Composed>('compose', { entry, newline }).catch(() => null),
    describe: pool.describe,
  };
}
