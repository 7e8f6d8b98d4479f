import { DEVICE_SIGNATURE, SIGN_OFF } from '../rules/closings.js';
import { isDeskWording } from '../rules/desk-wording.js';
import { QUOTE_MARKER } from './html-to-text.js';

/** A line the sender wrote. */
export interface OwnLine {
  text: string;
  /** 1-based line of the message text. */
  at: number;
  /** How many quotes of an earlier mail stand above it: lines written between quotes answer them inline. */
  block: number;
  /** On the first line written right under a quote: that quote's last line (an inline answer's question, ours). */
  quoteAbove?: string;
}

/** What the sender wrote, apart from quoted earlier mail and the signature, with the rules that cut. */
export interface SplitReply {
  /** The sender's own lines, as written. */
  own: string[];
  lines: OwnLine[];
  /** Each cut or skip, for `inspect`'s why: rule name and the line it fired on (1-based). */
  cuts: Array<{ rule: string; line: number; text: string }>;
}

// Everything after one of these lines is an earlier message.
const SEPARATORS: Array<[string, RegExp]> = [
  [
    'original-message',
    /^\s*-{2,}\s*(?:Original Message|Forwarded [Mm]essage|元のメッセージ|転送メッセージ|転送されたメッセージ)\s*-{2,}\s*$/i,
  ],
  ['begin-forwarded', /^\s*(?:Begin forwarded message|転送されたメッセージ)\s*[:：]\s*$/i],
  ['outlook-rule', /^\s*_{10,}\s*$/],
];

const ATTRIBUTION: Array<[string, RegExp]> = [
  ['on-wrote', /^\s*On\b.{0,300}\bwrote\s*:\s*$/i],
  ['ja-date-attribution', /^\s*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?.{0,300}[:：]\s*$/],
  ['ja-wrote', /.{0,300}(?:のメール|さんは書きました|は書きました|wrote)\s*[:：]\s*$/i],
];

const HEADER_BLOCK_FROM = /^\s*(?:\*\s*)?(?:From|差出人|送信者|Von|De)\s*(?:\*\s*)?[:：]/i;
const HEADER_BLOCK_NEXT =
  /^\s*(?:\*\s*)?(?:Sent|Date|送信日時|送信日|日付|日時|To|宛先|Subject|件名|Cc)\s*(?:\*\s*)?[:：]/i;

const QUOTED = /^\s*[>＞|]/;
const SIGNATURE_DASHES = /^--\s?$/;
const RULE_LINE = /^\s*[-=_*━─～~#＝－ー・.―]{4,}\s*$/;
const SIGNATURE_CONTENT =
  /(?:TEL|Tel|FAX|Fax|電話|〒|https?:\/\/|@[\w-]+\.|株式会社|有限会社|\(株\)|㈱|部\s|課\s|Mobile|携帯)/;
// A signature under a closing line: a few short lines (name, company, phone), no sentence of substance.
const SIGNATURE_MAX_LINES = 6;
const SIGNATURE_MAX_CHARS = 80;

function isAttribution(line: string): string | null {
  for (const [rule, re] of ATTRIBUTION) if (re.test(line)) return rule;
  return null;
}

const unquote = (line: string) => line.replace(/^\s*(?:[>＞|]\s?)+/, '');

/** Lines of our own mail pasted without markers: two of them close together, not one phrase a customer repeats. */
function isPastedDeskMail(lines: readonly string[], i: number): boolean {
  return lines.slice(i + 1, i + 9).some((l) => isDeskWording(l));
}

/**
 * Separates the sender's own text from quoted earlier mail (">" lines, quote
 * headers of Gmail, Outlook, Thunderbird and Apple Mail in Japanese and
 * English, forwarded and original-message blocks, our own mail pasted
 * without markers) and from the signature. Top-, bottom- and inline posting
 * all work: quoted lines are skipped (the line under a quote remembers it,
 * for answers written inline), blocks that quote without ">" end the
 * sender's text.
 */
export function splitReply(text: string): SplitReply {
  const lines = text.split('\n');
  const own: OwnLine[] = [];
  const cuts: SplitReply['cuts'] = [];
  const cut = (rule: string, i: number) => cuts.push({ rule, line: i + 1, text: lines[i]!.trim().slice(0, 120) });
  let block = 0;
  let sawQuote = false;
  let lastQuote: string | null = null;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === QUOTE_MARKER) {
      cut('html-quote-block', i);
      break;
    }
    const separator = SEPARATORS.find(([, re]) => re.test(line));
    if (separator) {
      cut(separator[0], i);
      break;
    }
    if (HEADER_BLOCK_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_BLOCK_NEXT.test(l))) {
      cut('header-block', i);
      break;
    }
    if (QUOTED.test(line)) {
      if (!(i > 0 && QUOTED.test(lines[i - 1]!))) cut('quoted-lines', i);
      if (unquote(line).trim()) lastQuote = unquote(line).trim();
      sawQuote = true;
      continue;
    }
    // A two-line attribution: "On Fri, Nov 20, 2026 at 3:02 PM Name <" / "a@b> wrote:".
    const twoLine = i + 1 < lines.length && /^\s*On\b/i.test(line) ? `${line} ${lines[i + 1]}` : null;
    const attribution = isAttribution(line) ?? (twoLine && isAttribution(twoLine) ? 'on-wrote' : null);
    if (attribution) {
      const span = isAttribution(line) ? 1 : 2;
      const next = lines.slice(i + span).find((l) => l.trim() !== '');
      cut(attribution, i);
      if (next !== undefined && QUOTED.test(next)) {
        i += span - 1;
        continue; // bottom-posting: the quote follows, the reply may come after it
      }
      break; // a quote without ">" markers: the rest is the earlier mail
    }
    if (isDeskWording(line)) {
      if (isPastedDeskMail(lines, i)) {
        // Our own mail pasted without quote markers: drop it, and the "…様" greeting heading it.
        cut('desk-mail-unquoted', i);
        while (own.length && !own[own.length - 1]!.text.trim()) own.pop();
        if (/(?:様|御中|さま|殿)\s*$/.test(own[own.length - 1]?.text ?? '')) {
          while (own.length && own[own.length - 1]!.text.trim()) own.pop();
        }
        break;
      }
      cut('desk-wording', i);
      continue;
    }
    if (SIGNATURE_DASHES.test(line)) {
      cut('signature-dashes', i);
      break;
    }
    if (
      own.some((l) => l.text.trim()) &&
      RULE_LINE.test(line) &&
      lines.slice(i + 1, i + 7).some((l) => SIGNATURE_CONTENT.test(l))
    ) {
      cut('signature-rule', i);
      break;
    }
    if (DEVICE_SIGNATURE.test(line)) {
      cut('device-signature', i);
      continue;
    }
    if (sawQuote && line.trim()) {
      if (own.some((l) => l.text.trim())) block++;
      sawQuote = false;
    }
    const entry: OwnLine = { text: line, at: i + 1, block };
    if (lastQuote !== null && line.trim()) {
      entry.quoteAbove = lastQuote;
      lastQuote = null;
    }
    own.push(entry);
  }
  dropSignatureUnderClosing(own, cuts);
  while (own.length && !own[own.length - 1]!.text.trim()) own.pop();
  while (own.length && !own[0]!.text.trim()) own.shift();
  return { own: own.map((l) => l.text), lines: own, cuts };
}

/** "Best regards," / "Emily Chen" / "IT Operations" / "+81-3-…": the lines under the last closing are a signature. */
function dropSignatureUnderClosing(own: OwnLine[], cuts: SplitReply['cuts']): void {
  const closing = own.findLastIndex((l) => SIGN_OFF.test(l.text.normalize('NFKC')) && l.text.trim().length <= 40);
  if (closing <= 0 || !own.slice(0, closing).some((l) => l.text.trim())) return;
  const rest = own.slice(closing + 1).filter((l) => l.text.trim());
  if (
    rest.length === 0 ||
    rest.length > SIGNATURE_MAX_LINES ||
    rest.some((l) => l.block !== own[closing]!.block || l.text.trim().length > SIGNATURE_MAX_CHARS)
  )
    return;
  cuts.push({ rule: 'signature-under-closing', line: rest[0]!.at, text: rest[0]!.text.trim().slice(0, 120) });
  own.splice(closing + 1);
}
