import type { AddressObject } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';
import { addressKey } from '../domain/addresses.js';
import { htmlToText } from './html-to-text.js';
import { readMime } from './read-mime.js';
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
  /** Every address of every From header: more than one and no action is taken on the mail. */
  fromAll: Mailbox[];
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
  /** The text was longer than MAX_TEXT_CHARS: only its beginning is read. */
  textCut: boolean;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
  /** Charset labels that were wrong and were repaired before decoding. */
  charsetRepairs: string[];
}

interface ParsedAddress {
  address?: string;
  name?: string;
  group?: ParsedAddress[];
}

function flatten(list: ParsedAddress[]): Mailbox[] {
  return list.flatMap(function flat(m): Mailbox[] {
    if (m.group) return m.group.flatMap(flat);
    if (m.address) return [{ address: addressKey(m.address), name: m.name ?? '' }];
    // One encoded-word holding the whole "name <address>" (PHP's mb_encode_mimeheader writes From so):
    // decoded, it is an address list again, as mail clients read it.
    if (m.name && /@/.test(m.name)) {
      const again = (addressparser(m.name) as ParsedAddress[]).filter((a) => a.address || a.group);
      if (again.length && !again.some((a) => !a.address && /@/.test(a.name ?? ''))) return flatten(again);
    }
    return [];
  });
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return flatten(list.flatMap((a) => a.value));
}

/** The addresses of every From header line (mailparser keeps only the first header). */
function allFrom(lines: ReadonlyArray<{ key: string; line: string }>, first: Mailbox[]): Mailbox[] {
  const fromLines = lines.filter((l) => l.key === 'from');
  if (fromLines.length <= 1) return first;
  return fromLines.flatMap((l) => {
    const value = l.line.slice(l.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
    const parsed = flatten(addressparser(value) as ParsedAddress[]);
    // An encoded-word name we cannot decode here still counts as an address of its own.
    return parsed.length ? parsed : [{ address: value.trim(), name: '' }];
  });
}

function ids(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []).map((v) => v.toLowerCase());
}

/**
 * How much of a mail's text is read: what the sender asks stands at its top
 * (or below one quote), never 10 MB down. Reading costs about 0.3 s per MB,
 * so a bound keeps one big mail from holding up the small ones behind it.
 */
export const MAX_TEXT_CHARS = 100_000;

function boundedText(text: string): { text: string; textCut: boolean } {
  return text.length > MAX_TEXT_CHARS
    ? { text: text.slice(0, MAX_TEXT_CHARS), textCut: true }
    : { text, textCut: false };
}

/**
 * Parses a raw RFC 5322 message. Never throws on bad MIME: whatever mailparser
 * can make of it is returned (an empty text for garbage).
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const repaired = await repairCharsets(raw).catch(() => ({ raw, repairs: [] as string[] }));
  const mail = await readMime(repaired.raw);
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
  const from = mailboxes(mail.from);
  return {
    messageId: ids(mail.messageId)[0] ?? null,
    inReplyTo: ids(mail.inReplyTo),
    references: ids(mail.references),
    from: from[0] ?? null,
    fromAll: allFrom(mail.headerLines, from),
    to: mailboxes(mail.to),
    replyTo: mailboxes(mail.replyTo),
    subject: mail.subject ?? '',
    date: mail.date ?? null,
    headers,
    contentType: (ct?.value ?? 'text/plain').toLowerCase(),
    reportType: ct?.params?.['report-type']?.toLowerCase() ?? null,
    ...boundedText((textFrom === 'html' ? htmlToText(html) : plain).replace(/\r\n?/g, '\n')),
    textFrom,
    attachments: mail.attachments,
    charsetRepairs: repaired.repairs,
  };
}

export function header(message: ParsedMessage, name: string): string | undefined {
  return message.headers.get(name.toLowerCase())?.[0];
}
