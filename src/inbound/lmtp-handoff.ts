import { connect, type Socket } from 'node:net';

/** What the running service said to one message handed over its LMTP socket. */
export type Handoff = { taken: true; reply: string } | { taken: false; permanent: boolean; reply: string };

const HANDOFF_TIMEOUT_MS = 60_000;

/** The socket, connected; null when no service listens there (no file, nobody at it). */
function reach(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
  });
}

/**
 * The message as the DATA command carries it (RFC 5321 4.5.2): every line
 * break CRLF (a bare CR or LF made one), a line that starts with a dot given
 * a second, and the lone dot that ends it. The bytes themselves are kept as
 * they are (latin1 maps each byte to one character and back).
 */
export function dataOf(raw: Buffer): Buffer {
  const text = raw
    .toString('latin1')
    .replace(/\r\n|\r|\n/g, '\r\n')
    .replace(/(^|\r\n)\./g, '$1..');
  return Buffer.from(text + (text.endsWith('\r\n') ? '.\r\n' : '\r\n.\r\n'), 'latin1');
}

interface Reply {
  code: number;
  /** The reply as one line: its code and the text of each of its lines. */
  text: string;
}

/**
 * The replies of an LMTP server, one at a time as they complete (a reply
 * may take several lines, `250-…` up to `250 …`). A connection that ends,
 * fails or goes quiet for HANDOFF_TIMEOUT_MS before a reply is complete is
 * answered as the service's 451 would be: try again later.
 */
class Replies {
  private pending = '';
  private lines: string[] = [];
  private complete: Reply[] = [];
  private waiter?: (reply: Reply) => void;
  private broken?: Reply;

  constructor(socket: Socket) {
    socket.setEncoding('latin1');
    socket.setTimeout(HANDOFF_TIMEOUT_MS, () => {
      this.fail('timed out waiting for the service');
      socket.destroy();
    });
    socket.on('data', (chunk: string) => this.take(chunk));
    socket.on('error', (err) => this.fail(err.message));
    socket.on('close', () => this.fail('the service closed the connection'));
  }

  next(): Promise<Reply> {
    const ready = this.complete.shift() ?? this.broken;
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private take(chunk: string): void {
    const lines = (this.pending + chunk).split('\r\n');
    this.pending = lines.pop()!;
    for (const line of lines) {
      this.lines.push(line);
      if (line[3] === '-') continue; // more lines of this reply follow
      const code = Number(line.slice(0, 3));
      const text = `${code} ${this.lines.map((l) => l.slice(4)).join(' ')}`;
      this.lines = [];
      this.deliver({ code: Number.isInteger(code) ? code : 451, text });
    }
  }

  private fail(why: string): void {
    this.broken ??= { code: 451, text: `451 ${why}` };
    this.deliver(this.broken);
  }

  private deliver(reply: Reply): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(reply);
    else if (reply !== this.broken) this.complete.push(reply);
  }
}

/**
 * Hand one message to the running service over its LMTP socket (RFC 2033),
 * as an MTA would: the service stores it (raw file and record on disk
 * before its 250) and reads it in its own time. Null when the service is not
 * running: the caller stores the message itself. Nothing here parses the
 * message. Written out rather than nodemailer's client: this is one local
 * exchange of five commands, and that client loads TLS, HTTP and DNS and
 * compiles itself at every `certdesk deliver` (63 ms to 58 without it, in `npm run bench`).
 */
export async function handToService(path: string, raw: Buffer, deskAddress: string): Promise<Handoff | null> {
  const socket = await reach(path);
  if (!socket) return null;
  const replies = new Replies(socket);
  const refused = (reply: Reply): Handoff => ({ taken: false, permanent: reply.code >= 500, reply: reply.text });
  try {
    const greeting = await replies.next();
    if (greeting.code !== 220) return refused(greeting);
    // MAIL FROM:<> (a pipe knows no sender); the desk is the one recipient, so one reply after the data.
    const steps: Array<[command: string | Buffer, expected: number]> = [
      ['LHLO certdesk-deliver\r\n', 250],
      ['MAIL FROM:<>\r\n', 250],
      [`RCPT TO:<${deskAddress}>\r\n`, 250],
      ['DATA\r\n', 354],
      [dataOf(raw), 250],
    ];
    let last = greeting;
    for (const [command, expected] of steps) {
      socket.write(command);
      last = await replies.next();
      if (Math.floor(last.code / 100) !== Math.floor(expected / 100)) return refused(last);
    }
    socket.write('QUIT\r\n');
    return { taken: true, reply: last.text };
  } finally {
    socket.end();
  }
}
