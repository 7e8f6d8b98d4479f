import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type SMTPPoolOptions } from 'nodemailer';
import { writeFileDurably } from '../store/write-durably.js';
import type { OutboxEntry } from './outbox-entry.js';

/** Line ends of composed mail: CRLF on the wire, LF in .eml files. */
export type Newline = 'windows' | 'unix';

/** A mail composed (perhaps on a mail thread): its MIME bytes and its SMTP envelope. */
export interface Composed {
  envelope: { from: string | false; to: string[] };
  message: Uint8Array;
}

export interface Transport {
  /** Where mail goes, for the start-up banner (no credentials). */
  readonly describe: string;
  readonly newline: Newline;
  /** Send one mail, as composed already when `composed` is given. */
  send(entry: OutboxEntry, composed?: Composed): Promise<string>;
  close(): void;
}

function mailOptions(entry: OutboxEntry): SendMailOptions {
  return {
    from: entry.from,
    to: entry.to,
    ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
    subject: entry.subject,
    text: entry.text,
    html: entry.html,
    messageId: entry.messageId,
    date: new Date(entry.createdAt),
    ...(entry.inReplyTo ? { inReplyTo: entry.inReplyTo } : {}),
    ...(entry.references.length ? { references: entry.references } : {}),
    headers: { 'Auto-Submitted': entry.autoSubmitted, 'X-Certdesk-Mail': entry.id },
    // Our own values never span lines: no header can be injected through them.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Pooled SMTP (smtp:// uses STARTTLS when offered, smtps:// TLS from the start). */
export function smtpTransport(url: string, extra: Record<string, unknown> = {}): Transport {
  const parsed = new URL(url);
  const transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === 'smtps:' ? 465 : 587),
    secure: parsed.protocol === 'smtps:',
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
    pool: true,
    maxConnections: 5,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...extra,
  } as SMTPPoolOptions & { pool: true });
  return {
    describe: `SMTP ${parsed.protocol}//${parsed.host}`,
    newline: 'windows',
    async send(entry, composed) {
      const info = await transporter.sendMail(
        composed
          ? {
              envelope: composed.envelope,
              raw: Buffer.from(composed.message),
              disableFileAccess: true,
              disableUrlAccess: true,
            }
          : mailOptions(entry),
      );
      return `${parsed.host}: ${String(info.response).slice(0, 200)}`;
    },
    close: () => transporter.close(),
  };
}

const builders = {
  unix: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
  windows: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }),
};

/** Compose one mail: MIME bytes and envelope, as a transport would send them. */
export async function compose(entry: OutboxEntry, newline: Newline): Promise<Composed> {
  const info = await builders[newline].sendMail(mailOptions(entry));
  return { envelope: info.envelope as Composed['envelope'], message: info.message as Buffer };
}

/** The message exactly as it would be written to an .eml file, as RFC 5322 bytes. */
export async function buildRaw(entry: OutboxEntry): Promise<Buffer> {
  return Buffer.from((await compose(entry, 'unix')).message);
}

/** The embedded default: each mail written as an .eml file whose name says order, kind and time. */
export function emlTransport(dir: string): Transport {
  return {
    describe: `.eml files in ${dir}`,
    newline: 'unix',
    async send(entry, composed) {
      const message = composed ? Buffer.from(composed.message) : await buildRaw(entry);
      await mkdir(dir, { recursive: true });
      const stamp = entry.createdAt.replace(/[:.]/g, '').replace(/-/g, '');
      const name = `${stamp}-${entry.orderId ?? 'desk'}-${entry.kind}-${entry.id}.eml`;
      const file = join(dir, name);
      await writeFileDurably(file, (handle) => handle.writeFile(message), 0o644);
      return file;
    },
    close: () => undefined,
  };
}
