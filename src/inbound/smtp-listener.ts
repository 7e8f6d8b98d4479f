import { chmodSync, chownSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { greetAtOnce } from './greet-at-once.js';
import { isDeskRecipient } from '../outbox/reply-token.js';
import { MessageRefused } from './errors.js';
import type { SmtpSession } from './stamp-authentication.js';
import type { InboundPipeline } from './inbound-pipeline.js';
import { errorField, libraryLog, SILENT, type Log } from '../log.js';

export interface ListenerOptions {
  host: string;
  port: number;
  /** A Unix socket instead of host and port (the LMTP door's default, under the data folder). */
  path?: string;
  /** Speak LMTP (RFC 2033: LHLO, one reply per recipient), as an MTA in front hands mail to a mailbox. */
  lmtp?: boolean;
  deskAddress: string;
  maxMessageBytes: number;
  maxRecipients: number;
  /** Connections at once; one more is told 421. */
  maxConnections?: number;
  /** The longest a DATA transfer may take (a client trickling a byte at a time holds a connection and memory). */
  dataDeadlineMs?: number;
  tls?: { keyFile: string; certFile: string };
  auth?: { user: string; password: string };
  /** Verify the sender and prepend our Authentication-Results before storing (see stamp-authentication.ts). */
  stamp?: (raw: Buffer, session: SmtpSession) => Promise<Buffer>;
}

/**
 * A socket file left by a service that did not stop cleanly is removed; one
 * that answers belongs to a running service, and listening fails on it.
 */
async function clearStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
  if (!alive) rmSync(path, { force: true });
}

/**
 * The socket is for the MTA in front, which runs as its own user: readable
 * and writable by the group of the folder it is in (`chgrp postfix data`),
 * by nobody else — LMTP asks no password, and what comes through it is
 * believed as far as the trusted server's Authentication-Results go.
 */
function shareWithFolderGroup(path: string, log: Log): void {
  try {
    chownSync(path, -1, statSync(dirname(path)).gid);
    chmodSync(path, 0o660);
  } catch (err) {
    log.warn(
      { event: 'failure', door: 'lmtp', path, ...errorField(err) },
      'cannot give the LMTP socket to its folder group',
    );
  }
}

const reply = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/** Below this a message is small: it never waits for a big one's room. */
const SMALL_BYTES = 1024 * 1024;
/** How many big messages are held in memory at once; a third waits (TCP holds the sender back) for a turn. */
const BIG_AT_ONCE = 1;
const DATA_DEADLINE_MS = 5 * 60_000;
// An idle connection (no command, no byte) is closed after this.
const SOCKET_TIMEOUT_MS = 60_000;

/** Turns for big messages: memory holds at most BIG_AT_ONCE of them, whatever the number of senders. */
class BigTurns {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  take(): Promise<void> {
    if (this.inUse < BIG_AT_ONCE) {
      this.inUse += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse -= 1;
  }
}

/**
 * The SMTP door. Only the desk's address (and its desk+token form) is a
 * recipient: never a relay. 250 is said only after the raw message is on
 * disk and in the store; when it cannot be stored, 451 makes the sending
 * server try again later.
 */
export async function startSmtpListener(
  pipeline: InboundPipeline,
  options: ListenerOptions,
  log: Log = SILENT,
): Promise<{ port: number; close(): Promise<void> }> {
  const tls = options.tls ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) } : null;
  const turns = new BigTurns();
  const door = options.lmtp ? 'lmtp' : 'smtp';
  const serverOptions: SMTPServerOptions = {
    lmtp: options.lmtp ?? false,
    // The LMTP door's client is the desk's own MTA on a socket: no address to look up, and greeted at
    // once (smtp-server's own onConnect waits a turn of the event loop; see greet-at-once.ts).
    ...(options.lmtp ? { disableReverseLookup: true, onConnect: (_session, ready) => ready() } : {}),
    name: options.deskAddress.slice(options.deskAddress.indexOf('@') + 1),
    banner: 'certdesk',
    logger: libraryLog(log, 'smtp-server'),
    size: options.maxMessageBytes,
    maxClients: options.maxConnections ?? 50,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // smtp-server's bundled certificate has expired: STARTTLS only with our own.
    ...(tls ? { key: tls.key, cert: tls.cert } : { disabledCommands: options.auth ? [] : ['STARTTLS', 'AUTH'] }),
    ...(tls ? {} : { hideSTARTTLS: true }),
    authOptional: !options.auth,
    allowInsecureAuth: !tls,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password)
        return callback(null, { user: auth.username });
      callback(reply(535, '5.7.8 authentication failed'));
    },
    onRcptTo(address, session, callback) {
      if (!isDeskRecipient(address.address, options.deskAddress))
        return callback(
          reply(550, `5.1.1 <${address.address}>: no such mailbox here (this server only takes mail for the desk)`),
        );
      if (session.envelope.rcptTo.length >= options.maxRecipients)
        return callback(reply(452, '4.5.3 too many recipients in one message; send the rest later'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      let big = false;
      const deadline = setTimeout(() => {
        log.warn(
          {
            event: 'failure',
            door,
            remote: session.remoteAddress,
            deadlineMs: options.dataDeadlineMs ?? DATA_DEADLINE_MS,
          },
          'DATA took longer than its deadline: connection closed',
        );
        // Cut off at its socket (by session: a Unix socket has no remote address and port to tell connections apart).
        for (const c of server.connections) if (c.id === session.id) c._socket.destroy();
      }, options.dataDeadlineMs ?? DATA_DEADLINE_MS);
      deadline.unref();
      let granted = false;
      let over = false;
      const release = () => {
        clearTimeout(deadline);
        if (granted) turns.give();
        granted = false;
        over = true; // a turn that comes after this is given straight back
      };
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxMessageBytes) chunks.push(chunk); // read past the limit, keep nothing more
        if (!big && size > SMALL_BYTES) {
          // A big one: it waits for a turn (the stream paused, TCP slows the sender) before more of it is held.
          big = true;
          stream.pause();
          void turns.take().then(() => {
            if (over) return turns.give();
            granted = true;
            stream.resume();
          });
        }
      });
      stream.on('error', (err) => {
        release();
        callback(err);
      });
      // A connection lost mid-DATA: neither 'end' nor an answer comes; its turn is given back here.
      stream.on('close', () => {
        if (!stream.readableEnded) release();
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxMessageBytes) {
          release();
          return callback(reply(552, `5.3.4 message too big: at most ${options.maxMessageBytes} bytes`));
        }
        const received = Buffer.concat(chunks);
        chunks.length = 0; // the pieces are in `received` now: let them go before the next copy
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null;
        // An empty message is refused as it came (554), not stamped into something that looks like mail.
        const stamped =
          options.stamp && received.some((b) => b > 0x20)
            ? options.stamp(received, {
                remoteAddress: session.remoteAddress,
                helo: session.hostNameAppearsAs || null,
                mailFrom: envelopeFrom,
              })
            : Promise.resolve(received);
        stamped
          .then((raw) =>
            pipeline.receive(raw, {
              via: door,
              envelopeFrom,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            }),
          )
          .then(
            ({ record, duplicate }) => {
              callback(null, `2.0.0 ${duplicate ? 'already have it as' : 'queued as'} ${record.id}`);
              pipeline.kick();
            },
            (err: unknown) => {
              if (err instanceof MessageRefused) return callback(reply(err.smtpCode, `5.6.0 ${err.message}`));
              log.error(
                { event: 'failure', door, envelopeFrom: envelopeFrom ?? '<>', ...errorField(err) },
                'cannot store a message: told 451',
              );
              callback(reply(451, '4.3.0 cannot store the message right now; try again later'));
            },
          )
          .finally(release); // stored (or refused): its memory is free, the next big one may come in
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  if (options.lmtp) greetAtOnce(server, serverOptions.maxClients!);
  if (options.path) await clearStaleSocket(options.path);
  await new Promise<void>((resolve, reject) => {
    // Until it listens, a failure is the caller's to report (one line), not a log line.
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (options.path) server.listen(options.path, listening);
    else server.listen(options.port, options.host, listening);
  });
  if (options.path) shareWithFolderGroup(options.path, log);
  server.on('error', (err) => log.error({ event: 'failure', door, ...errorField(err) }, `${door} server error`));
  const address = server.server.address();
  return {
    port: address && typeof address === 'object' ? (address as AddressInfo).port : 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
