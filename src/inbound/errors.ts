/**
 * A message turned away at the door, before it is stored. Each door answers
 * it its own way: SMTP with `smtpCode`, the pipe with exit status 2.
 */
export class MessageRefused extends Error {
  constructor(
    readonly code: 'empty' | 'too-large',
    readonly smtpCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRefused';
  }
}

export function checkSize(raw: Buffer, limit: number): void {
  const size = raw.length;
  if (raw.every((b) => b <= 0x20))
    throw new MessageRefused('empty', 554, `the message is empty (${size} bytes, nothing but blank lines)`);
  if (size > limit)
    throw new MessageRefused('too-large', 552, `the message is ${size} bytes; the desk accepts at most ${limit}`);
}

/** The SMTP door cannot be opened (the port is taken, the address is not ours): the service does not start. */
export class ListenerUnavailable extends Error {
  constructor(address: string, cause: NodeJS.ErrnoException) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'the port is in use (is certdesk already running?)'
        : cause.code === 'EADDRNOTAVAIL'
          ? 'not an address of this machine'
          : cause.code === 'EACCES'
            ? 'not allowed (a port below 1024 needs privileges)'
            : cause.message;
    super(`cannot listen on ${address}: ${why} (CERTDESK_LISTEN)`);
    this.name = 'ListenerUnavailable';
  }
}
