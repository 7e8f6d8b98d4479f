import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { isDeskRecipient } from '../outbox/reply-token.js';
import { MessageRefused } from './errors.js';
import type { SmtpSession } from './stamp-authentication.js';
import type { InboundPipeline } from './inbound-pipeline.js';

export interface ListenerOptions {
  host: string;
  port: number;
  deskAddress: string;
  maxMessageBytes: number;
  maxRecipients: number;
  tls?: { keyFile: string; certFile: string };
  auth?: { user: string; password: string };
  /** Verify the sender and prepend our Authentication-Results before storing (see stamp-authentication.ts). */
  stamp?: (raw: Buffer, session: SmtpSession) => Promise<Buffer>;
}

const reply = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/**
 * The SMTP door. Only the desk's address (and its desk+token form) is a
 * recipient: never a relay. 250 is said only after the raw message is on
 * disk and in the store; when it cannot be stored, 451 makes the sending
 * server try again later.
 */
export async function startSmtpListener(
  pipeline: InboundPipeline,
  options: ListenerOptions,
  log: (line: string) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const tls = options.tls ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) } : null;
  const serverOptions: SMTPServerOptions = {
    name: options.deskAddress.slice(options.deskAddress.indexOf('@') + 1),
    banner: 'certdesk',
    logger: false,
    size: options.maxMessageBytes,
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
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxMessageBytes) chunks.push(chunk); // read past the limit, keep nothing more
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxMessageBytes)
          return callback(reply(552, `5.3.4 message too big: at most ${options.maxMessageBytes} bytes`));
        const received = Buffer.concat(chunks);
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
              via: 'smtp',
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
              log(`smtp: cannot store a message from ${envelopeFrom ?? '<>'}: ${(err as Error).message}`);
              callback(reply(451, '4.3.0 cannot store the message right now; try again later'));
            },
          );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    // Until it listens, a failure is the caller's to report (one line), not a log line.
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log(`smtp: ${err.message}`));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
