import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type SMTPPoolOptions } from 'nodemailer';
import { writeFileDurably } from '../store/write-durably.js';
import type { OutboxEntry } from './outbox-entry.js';

export interface Transport {
  /** Where mail goes, for the start-up banner (no credentials). */
  readonly describe: string;
  send(entry: OutboxEntry): Promise<string>;
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
    async send(entry) {
      const info = await transporter.sendMail(mailOptions(entry));
      return `${parsed.host}: ${String(info.response).slice(0, 200)}`;
    },
    close: () => transporter.close(),
  };
}

const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** The message exactly as it would be sent, as RFC 5322 bytes. */
export async function buildRaw(entry: OutboxEntry): Promise<Buffer> {
  return (await builder.sendMail(mailOptions(entry))).message as Buffer;
}

/** The embedded default: each mail written as an .eml file whose name says order, kind and time. */
export function emlTransport(dir: string): Transport {
  return {
    describe: `.eml files in ${dir}`,
    async send(entry) {
      const message = await buildRaw(entry);
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
