import { readMail, type MailReading } from './read/read-mail.js';
import type { OutboxEntry } from './outbox/outbox-entry.js';
import { compose as composeMail, type Composed, type Newline } from './outbox/transport.js';

/** The mail threads' tasks (see thread-pool.ts), each by its export's name. Bytes arrive as a Uint8Array. */

/** Parse and classify one inbound mail. */
export function read(raw: Uint8Array): Promise<MailReading> {
  return readMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
}

/** Compose one outgoing mail. */
export function compose({ entry, newline }: { entry: OutboxEntry; newline: Newline }): Promise<Composed> {
  return composeMail(entry, newline);
}
