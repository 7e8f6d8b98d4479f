import { createServer as createNetServer, type Server } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { dataOf, handToService } from '../../src/inbound/lmtp-handoff.js';
import { tempDir } from '../helpers/cli.js';

const DESK = 'ssl-desk@biz-mail.example.jp';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A real LMTP server (smtp-server) on a Unix socket; what it was sent is in `received`. */
async function lmtpServer(options: Partial<SMTPServerOptions> = {}) {
  const path = join(tempDir('certdesk-handoff-'), 'lmtp.sock');
  const received: Array<{ from: string; to: string[]; data: Buffer }> = [];
  const server = new SMTPServer({
    lmtp: true,
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks),
        });
        callback(null, 'queued as I-000042');
      });
    },
    ...options,
  });
  await new Promise<void>((ok) => server.listen(path, ok));
  closers.push(() => new Promise((ok) => server.close(() => ok())));
  return { path, received };
}

/** A socket whose peer writes `greeting`, answers each command by its verb from `answers`, hangs up past them. */
async function scriptedPeer(greeting: string, answers: Record<string, string> = {}) {
  const path = join(tempDir('certdesk-handoff-'), 'peer.sock');
  const server: Server = createNetServer((socket) => {
    socket.write(greeting);
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      for (let at = text.indexOf('\r\n'); at >= 0; at = text.indexOf('\r\n')) {
        const answer = answers[text.slice(0, 4)];
        text = text.slice(at + 2);
        if (answer) socket.write(answer);
        else socket.end();
      }
    });
    if (!Object.keys(answers).length) socket.end();
  });
  await new Promise<void>((ok) => server.listen(path, ok));
  closers.push(() => new Promise((ok) => server.close(() => ok())));
  return path;
}

describe('the DATA of a handed-over message', () => {
  it('every line break CRLF, a leading dot doubled, ended by a lone dot; every byte kept', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: x\n\n.first\r\nbare cr\rline\n..two\n'),
      Buffer.from([0xe8, 0xa8, 0xbc, 0x00, 0xff]),
      Buffer.from('\n.'),
    ]);
    expect(dataOf(raw)).toEqual(
      Buffer.concat([
        Buffer.from('Subject: x\r\n\r\n..first\r\nbare cr\r\nline\r\n...two\r\n'),
        Buffer.from([0xe8, 0xa8, 0xbc, 0x00, 0xff]),
        Buffer.from('\r\n..\r\n.\r\n'),
      ]),
    );
    expect(dataOf(Buffer.from('a\r\n')).toString()).toBe('a\r\n.\r\n');
  });
});

describe('a message handed to the service over LMTP', () => {
  it('arrives as written (line breaks CRLF), from <> to the desk; the reply is the per-recipient 250', async () => {
    const server = await lmtpServer();
    const raw = Buffer.from('From: a@example.jp\nSubject: 証明書\n\n.dot line\n本文\n');
    expect(await handToService(server.path, raw, DESK)).toEqual({
      taken: true,
      reply: '250 queued as I-000042',
    });
    expect(server.received).toEqual([
      { from: '', to: [DESK], data: Buffer.from('From: a@example.jp\r\nSubject: 証明書\r\n\r\n.dot line\r\n本文\r\n') },
    ]);
  });

  it('a refused recipient: 5xx for good, 4xx for later; the reply says why', async () => {
    for (const code of [550, 452]) {
      const server = await lmtpServer({
        onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error(`no room ${code}`), { responseCode: code })),
      });
      expect(await handToService(server.path, Buffer.from('x\n'), DESK)).toEqual({
        taken: false,
        permanent: code === 550,
        reply: `${code} no room ${code}`,
      });
      expect(server.received).toEqual([]);
    }
  });

  it('a multi-line greeting is one reply; a 421 greeting, a peer that hangs up, and nobody at the socket', async () => {
    // Read line by line as one reply each, these replies would meet the wrong commands and DATA a 250.
    const multi = await scriptedPeer('220-hello\r\n220 there\r\n', {
      LHLO: '250-peer\r\n250 8BITMIME\r\n',
      MAIL: '250 sender ok\r\n',
      RCPT: '550 5.1.1 no such desk\r\n',
    });
    expect(await handToService(multi, Buffer.from('x\n'), DESK)).toEqual({
      taken: false,
      permanent: true,
      reply: '550 5.1.1 no such desk',
    });
    const hangsUp = await scriptedPeer('220 hello\r\n', { LHLO: '250 peer\r\n' });
    expect(await handToService(hangsUp, Buffer.from('x\n'), DESK)).toEqual({
      taken: false,
      permanent: false,
      reply: '451 the service closed the connection',
    });
    const busy = await scriptedPeer('421 4.3.2 shutting down\r\n');
    expect(await handToService(busy, Buffer.from('x\n'), DESK)).toEqual({
      taken: false,
      permanent: false,
      reply: '421 4.3.2 shutting down',
    });
    expect(await handToService(join(tempDir(), 'none.sock'), Buffer.from('x\n'), DESK)).toBeNull();
  });
});
