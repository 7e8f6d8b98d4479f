import { isDeskBoilerplate } from './desk-fingerprints.js';
import { QUOTE_MARKER } from './html-to-text.js';

/** What the sender wrote, apart from quoted earlier mail and the signature, with the rules that cut. */
export interface SplitReply {
  /** The sender's own lines, as written. */
  own: string[];
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
const RULE_LINE = /^\s*[-=_*━─～~#＝－ー・.]{4,}\s*$/;
const SIGNATURE_CONTENT =
  /(?:TEL|Tel|FAX|Fax|電話|〒|https?:\/\/|@[\w-]+\.|株式会社|有限会社|\(株\)|㈱|部\s|課\s|Mobile|携帯)/;

function isAttribution(line: string): string | null {
  for (const [rule, re] of ATTRIBUTION) if (re.test(line)) return rule;
  return null;
}

/**
 * Separates the sender's own text from quoted earlier mail (">" lines, quote
 * headers of Gmail, Outlook, Thunderbird and Apple Mail in Japanese and
 * English, forwarded and original-message blocks) and from the signature.
 * Top- and bottom-posting both work: quoted lines are skipped, blocks that
 * quote without ">" end the sender's text.
 */
export function splitReply(text: string): SplitReply {
  const lines = text.split('\n');
  const own: string[] = [];
  const cuts: SplitReply['cuts'] = [];
  const cut = (rule: string, i: number) => cuts.push({ rule, line: i + 1, text: lines[i]!.trim().slice(0, 120) });

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
    if (isDeskBoilerplate(line)) {
      // Our own mail pasted without quote markers: drop it, and the "…様" greeting heading it.
      cut('desk-mail-unquoted', i);
      while (own.length && !own[own.length - 1]!.trim()) own.pop();
      if (/(?:様|御中|さま|殿)\s*$/.test(own[own.length - 1] ?? '')) {
        while (own.length && own[own.length - 1]!.trim()) own.pop();
      }
      break;
    }
    if (SIGNATURE_DASHES.test(line)) {
      cut('signature-dashes', i);
      break;
    }
    if (
      own.some((l) => l.trim()) &&
      RULE_LINE.test(line) &&
      lines.slice(i + 1, i + 7).some((l) => SIGNATURE_CONTENT.test(l))
    ) {
      cut('signature-rule', i);
      break;
    }
    own.push(line);
  }
  while (own.length && !own[own.length - 1]!.trim()) own.pop();
  while (own.length && !own[0]!.trim()) own.shift();
  return { own, cuts };
}

/** A closing line ("よろしくお願いします", "Regards,"): the end of whatever the sender listed above it. */
export const SIGN_OFF =
  /^\s*(?:よろしく|宜しく|以上|何卒|お手数|ご確認|ご対応|お願い(?:いた|致)?します|Thanks|Thank you|Many thanks|Regards|Best|Sincerely|Cheers|Kind regards|Yours)/i;
