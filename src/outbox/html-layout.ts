/**
 * The HTML part of every mail, laid out from its text part: one source of
 * wording (the text template), and an HTML that reads as a page rather than
 * the text inside <pre>. The text's own shapes become their HTML ones:
 *
 *   a block of "  label : value" lines   → a table of facts (th scope=row)
 *   a line "■見出し" / "【見出し】" / "Heading:" alone → a heading (h2)
 *   "  - item" / "  → item" lines         → a list
 *   other lines                           → paragraphs (line breaks kept)
 *   after the "--" line                   → the signature (footer)
 *   http(s) addresses                     → links
 *
 * Every character of the text is escaped: the values came from customers'
 * mail and staff input.
 */

const FACT = /^\s{2,}(\S[^:：]*?)\s*[:：]\s+(.+)$/;
const HEADING = /^(?:■\s*(.+)|【([^】]+)】|([A-Z][A-Za-z ]{2,40}):)$/;
const ITEM = /^\s{2,}(?:[-・→]|\d+\.)\s*(.+)$/;
const INDENTED = /^\s{2,}(\S.*)$/;
const URL = /https?:\/\/[^\s<>"'）)]+/g;

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Escaped text with its web addresses made links. */
function inline(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(URL)) {
    out += escape(s.slice(last, m.index));
    out += `<a href="${escape(m[0])}">${escape(m[0])}</a>`;
    last = m.index + m[0].length;
  }
  return out + escape(s.slice(last));
}

type Block =
  | { type: 'facts'; rows: Array<[string, string]> }
  | { type: 'heading'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'paragraph'; lines: string[] };

function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  const last = () => out.at(-1);
  for (const line of lines) {
    if (!line.trim()) {
      out.push({ type: 'paragraph', lines: [] }); // a break: the next line starts a new block
      continue;
    }
    const heading = HEADING.exec(line.trim());
    const fact = FACT.exec(line);
    const item = ITEM.exec(line);
    const b = last();
    if (heading && !line.startsWith(' ')) out.push({ type: 'heading', text: heading[1] ?? heading[2] ?? heading[3]! });
    else if (b?.type === 'list' && /^\s{4,}\S/.test(line))
      b.items[b.items.length - 1] += `\n${line.trim()}`; // a continuation line of the item above
    else if (item) {
      if (b?.type === 'list') b.items.push(item[1]!);
      else out.push({ type: 'list', items: [item[1]!] });
    } else if (fact) {
      if (b?.type === 'facts') b.rows.push([fact[1]!, fact[2]!]);
      else out.push({ type: 'facts', rows: [[fact[1]!, fact[2]!]] });
    } else if (b?.type === 'paragraph' && b.lines.length) b.lines.push(INDENTED.exec(line)?.[1] ?? line);
    else out.push({ type: 'paragraph', lines: [INDENTED.exec(line)?.[1] ?? line] });
  }
  return out.filter((b) => b.type !== 'paragraph' || b.lines.length);
}

function renderBlock(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `<h2 style="font-size:1.05em;margin:1.4em 0 0.4em">${inline(b.text)}</h2>`;
    case 'facts':
      return (
        '<table role="presentation" style="border-collapse:collapse;margin:0.8em 0">' +
        b.rows
          .map(
            ([k, v]) =>
              `<tr><th scope="row" style="text-align:left;font-weight:normal;color:#555;padding:0.2em 1.2em 0.2em 0;vertical-align:top;white-space:nowrap">${inline(k)}</th>` +
              `<td style="padding:0.2em 0;font-weight:bold">${inline(v)}</td></tr>`,
          )
          .join('') +
        '</table>'
      );
    case 'list':
      return `<ul style="margin:0.4em 0;padding-left:1.4em">${b.items.map((i) => `<li>${i.split('\n').map(inline).join('<br>')}</li>`).join('')}</ul>`;
    case 'paragraph':
      return `<p style="margin:0.8em 0">${b.lines.map(inline).join('<br>')}</p>`;
  }
}

/** The HTML part for a rendered text part: a simple page in the mail's language, titled by its subject. */
export function htmlFromText(text: string, subject: string, lang: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((l) => l.trimEnd() === '--');
  const body = cut >= 0 ? lines.slice(0, cut) : lines;
  const signature = cut >= 0 ? lines.slice(cut + 1).filter((l) => l.trim()) : [];
  return [
    '<!doctype html>',
    `<html lang="${escape(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`,
    `<title>${escape(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7">',
    '<div style="max-width:40em;margin:0 auto;padding:1.2em 1.4em;background:#fff;color:#222;font-family:sans-serif;line-height:1.6">',
    `<h1 style="font-size:1.15em;margin:0 0 1em;padding-bottom:0.5em;border-bottom:2px solid #2b5797">${escape(subject)}</h1>`,
    ...blocks(body).map(renderBlock),
    signature.length
      ? `<footer style="margin-top:2em;padding-top:0.8em;border-top:1px solid #ccc;color:#555;font-size:0.9em">${signature.map(inline).join('<br>')}</footer>`
      : '',
    '</div></body></html>',
    '',
  ].join('\n');
}
