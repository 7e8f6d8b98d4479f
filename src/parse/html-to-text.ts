import { convert } from 'html-to-text';

/** A line the quote splitter recognizes as the start of a quoted earlier message. */
export const QUOTE_MARKER = '-----Original Message-----';

// HTML larger than this is not converted (mailparser's own default limit).
const MAX_HTML = 1_500_000;

/**
 * An HTML-only mail as plain text. The blocks mail clients wrap a quoted
 * message in (Gmail's gmail_quote, Outlook's divRplyFwdMsg, Apple Mail's and
 * Thunderbird's blockquote type=cite) are marked so the quote splitter cuts
 * there, as it would after "-----Original Message-----" in a text mail.
 */
export function htmlToText(html: string): string {
  if (html.length > MAX_HTML) return '';
  const marked = html
    .replace(/<div[^>]*\bclass=["']?[^"'>]*\bgmail_quote\b/gi, `<p>${QUOTE_MARKER}</p>$&`)
    .replace(/<div[^>]*\bid=["']?divRplyFwdMsg\b/gi, `<p>${QUOTE_MARKER}</p>$&`)
    .replace(/<blockquote[^>]*\btype=["']?cite\b/gi, `<p>${QUOTE_MARKER}</p>$&`);
  try {
    return convert(marked, {
      wordwrap: false,
      limits: { maxDepth: 100 },
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      ],
    });
  } catch {
    return '';
  }
}
