import { readMail, type MailReading } from './read-mail.js';

/** A reader thread's task (see mail-reader.ts): the bytes arrive as a Uint8Array, the reading goes back as plain data. */
export default function read(raw: Uint8Array): Promise<MailReading> {
  return readMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
}
