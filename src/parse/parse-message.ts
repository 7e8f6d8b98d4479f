import { simpleParser, type AddressObject } from 'mailparser';
import { htmlToText } from './html-to-text.js';
import { repairCharsets } from './repair-charsets.js';

export interface Mailbox {
  address: string;
  name: string;
}

/** What the later stages need of a message, decoded. */
export interface ParsedMessage {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: Mailbox | null;
  to: Mailbox[];
  replyTo: Mailbox[];
  subject: string;
  date: Date | null;
  /** Lower-cased header name → raw (unfolded) values. */
  headers: Map<string, string[]>;
  contentType: string;
  reportType: string | null;
  /** The plain text the sender sent, or the HTML part made into text when there is none. */
  text: string;
  textFrom: 'text' | 'html' | 'none';
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
  /** Charset labels that were wrong and were repaired before decoding. */
  charsetRepairs: string[];
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .flatMap((a) => a.value)
    .flatMap(function flat(m): Mailbox[] {
      if (m.group) return m.group.flatMap(flat);
      return m.address ? [{ address: m.address.toLowerCase(), name: m.name ?? '' }] : [];
    });
}

function ids(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []).map((v) => v.toLowerCase());
}

/**
 * Parses a raw RFC 5322 message. Never throws on bad MIME: whatever mailparser
 * can make of it is returned (an empty text for garbage).
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const repaired = await repairCharsets(raw).catch(() => ({ raw, repairs: [] as string[] }));
  const mail = await simpleParser(repaired.raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const headers = new Map<string, string[]>();
  for (const line of mail.headerLines) {
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers.set(line.key, [...(headers.get(line.key) ?? []), value]);
  }
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const html = typeof mail.html === 'string' ? mail.html : '';
  const plain = mail.text ?? '';
  // With skipHtmlToText, `text` holds only real text parts; an HTML-only mail is converted here, keeping quote markers.
  const textFrom = plain.trim() ? 'text' : html ? 'html' : 'none';
  return {
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo),
    references: ids(mail.references),
    from: mailboxes(mail.from)[0] ?? null,
    to: mailboxes(mail.to),
    replyTo: mailboxes(mail.replyTo),
    subject: mail.subject ?? '',
    date: mail.date ?? null,
    headers,
    contentType: (ct?.value ?? 'text/plain').toLowerCase(),
    reportType: ct?.params?.['report-type']?.toLowerCase() ?? null,
    text: (textFrom === 'html' ? htmlToText(html) : plain).replace(/\r\n?/g, '\n'),
    textFrom,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    charsetRepairs: repaired.repairs,
  };
}

export function header(message: ParsedMessage, name: string): string | undefined {
  return message.headers.get(name.toLowerCase())?.[0];
}
