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
 * Hand one message to the running service over its LMTP socket, as an MTA
 * would: the service stores it (raw file and record on disk before its
 * 250) and reads it in its own time. Null when the service is not running:
 * the caller stores the message itself. Nothing here parses the message.
 */
export async function handToService(path: string, raw: Buffer, deskAddress: string): Promise<Handoff | null> {
  const socket = await reach(path);
  if (!socket) return null;
  // Loaded only when a service answers: nodemailer's client brings http, tls and dns with it, which
  // a pipe delivery without a service never needs (and the CLI's startup snapshot must not hold).
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
  const lmtp = new SMTPConnection({
    connection: socket,
    lmtp: true,
    name: 'certdesk-deliver',
    connectionTimeout: HANDOFF_TIMEOUT_MS,
    socketTimeout: HANDOFF_TIMEOUT_MS,
  });
  return new Promise((resolve) => {
    const fail = (err: Error & { responseCode?: number; response?: string }) => {
      lmtp.close();
      const code = err.responseCode ?? 451;
      resolve({ taken: false, permanent: code >= 500, reply: err.response ?? err.message });
    };
    lmtp.once('error', fail);
    lmtp.connect((err) => {
      if (err) return fail(err);
      // MAIL FROM:<> (a pipe knows no sender); the desk is the one recipient.
      lmtp.send({ from: '', to: [deskAddress] }, raw, (err, info) => {
        if (err) return fail(err);
        const refused = info!.rejectedErrors?.[0];
        if (refused) return fail(refused);
        lmtp.quit();
        resolve({ taken: true, reply: info!.response });
      });
    });
  });
}
