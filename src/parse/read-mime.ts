import { MailParser, type AddressObject, type HeaderLines, type Headers } from 'mailparser';

/** What parse-message needs of mailparser's reading: headers, the text parts, and of attachments only their size. */
export interface MimeReading {
  headers: Headers;
  headerLines: HeaderLines;
  text: string;
  html: string;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
  from?: AddressObject;
  to?: AddressObject | AddressObject[];
  replyTo?: AddressObject;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  date?: Date;
}

/**
 * mailparser's reading, as simpleParser does it, but attachments are
 * drained as they stream by, counted and never kept: a 20 MB PDF costs its
 * decoding, not 20 MB of memory per mail while it is read.
 */
export function readMime(raw: Buffer): Promise<MimeReading> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
    const mail: Partial<MimeReading> & { attachments: MimeReading['attachments'] } = {
      attachments: [],
      text: '',
      html: '',
    };
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(mail as MimeReading);
    };
    parser.on('error', (err: Error) => settle(err));
    parser.on('headers', (headers: Headers) => {
      mail.headers = headers;
      mail.headerLines = (parser as unknown as { headerLines: HeaderLines }).headerLines;
    });
    parser.on('data', (data: { type: string; [key: string]: unknown }) => {
      if (data.type === 'text') {
        if (typeof data.text === 'string') mail.text = data.text;
        if (typeof data.html === 'string') mail.html = data.html;
        return;
      }
      const attachment = data as unknown as {
        filename?: string;
        contentType: string;
        content: NodeJS.ReadableStream;
        release(): void;
      };
      let size = 0;
      attachment.content.on('data', (chunk: Buffer) => (size += chunk.length));
      attachment.content.on('end', () => {
        mail.attachments.push({ filename: attachment.filename ?? null, contentType: attachment.contentType, size });
        attachment.release();
      });
    });
    parser.on('end', () => {
      const h = mail.headers ?? new Map();
      mail.headers = h;
      mail.headerLines ??= [];
      for (const [key, field] of [
        ['subject', 'subject'],
        ['from', 'from'],
        ['to', 'to'],
        ['reply-to', 'replyTo'],
        ['message-id', 'messageId'],
        ['in-reply-to', 'inReplyTo'],
        ['references', 'references'],
        ['date', 'date'],
      ] as const)
        if (h.has(key)) (mail as Record<string, unknown>)[field] = h.get(key);
      settle(null);
    });
    parser.end(raw);
  });
}
