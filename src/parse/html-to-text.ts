import { compile } from 'html-to-text';

/** A line the quote splitter recognizes as the start of a quoted earlier message. */
export const QUOTE_MARKER = '-----Original Message-----';

// HTML larger than this is not converted (mailparser's own default limit).
const MAX_HTML = 1_500_000;

/** Between the cells of a table row: a form written as a table reads "label<TAB>value". */
export const CELL_SEPARATOR = '\t';
const CELL_END = '\uE000';

// Compiled once: html-to-text's convert() compiles its selectors on every call.
const toText = compile({
  wordwrap: false,
  limits: { maxDepth: 100 },
  formatters: {
    cell: (elem, walk, builder) => {
      walk(elem.children, builder);
      builder.addInline(CELL_END, { noWordTransform: true });
    },
    row: (elem, walk, builder) => {
      builder.openBlock({ leadingLineBreaks: 1 });
      walk(elem.children, builder);
      builder.closeBlock({ trailingLineBreaks: 1 });
    },
  },
  selectors: [
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'row' },
    { selector: 'td', format: 'cell' },
    { selector: 'th', format: 'cell' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
});

/**
 * An HTML-only mail as plain text. The blocks mail clients wrap a quoted
 * message in (Gmail's gmail_quote, Outlook's divRplyFwdMsg, Apple Mail's and
 * Thunderbird's blockquote type=cite) are marked so the quote splitter cuts
 * there, as it would after "-----Original Message-----" in a text mail.
 */
export function htmlToText(html: string): string {
  if (html.length > MAX_HTML) return '';
  const marked = html
    // A line break inside a cell belongs to the cell: the row stays one line.
    .replace(/<t([dh])\b[^>]*>[\s\S]{0,4000}?<\/t\1>/gi, (cell) =>
      cell.replace(/<br\s*\/?>|<\/?(?:p|div)\b[^>]*>/gi, ' '),
    )
    .replace(/<div[^>]*\bclass=["']?[^"'>]*\bgmail_quote\b/gi, `<p>${QUOTE_MARKER}</p>$&`)
    .replace(/<div[^>]*\bid=["']?divRplyFwdMsg\b/gi, `<p>${QUOTE_MARKER}</p>$&`)
    .replace(/<blockquote[^>]*\btype=["']?cite\b/gi, `<p>${QUOTE_MARKER}</p>$&`);
  try {
    return toText(marked).replaceAll(CELL_END, CELL_SEPARATOR);
  } catch {
    return '';
  }
}
