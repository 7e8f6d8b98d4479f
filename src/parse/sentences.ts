import { BULLET } from '../rules/labels.js';
import type { OwnLine } from './split-reply.js';

/** A sentence of the sender's own prose, with where it stands. */
export interface Sentence {
  text: string;
  /** NFKC-folded, lower-cased: what the rules match against. */
  folded: string;
  /** Index (into the sender's own lines) of the line it starts on. */
  line: number;
  /** Which paragraph (run of lines without a blank one) it is in. */
  paragraph: number;
  /** Its position among all sentences. */
  index: number;
}

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
// A line that ends like this ends its sentence; one that does not is wrapped and goes on below.
const JA_FINAL = /(?:[。．！!？?」』）)]|[すただねよかんい]|です|ます)\s*$/;
const EN_FINAL = /[.!?:;)"”]\s*$/;

// A line that is only an address, a phone number or a URL stands alone.
const TOKEN_LINE = /^[\s\u3000]*(?:[\w.+-]+@[\w.-]+|[+0-9０-９()（）\-－ ]{9,}|https?:\/\/\S+)[\s\u3000]*$/;
// A Japanese line this short is not one the writer's client wrapped: a name, a heading.
const JA_WRAP_MIN = 20;

/** Whether the next line carries on the sentence this line began (a line wrapped by the writer or the client). */
function wraps(line: string, next: string): boolean {
  if (BULLET.exec(next)?.[0].trim() || TOKEN_LINE.test(next) || TOKEN_LINE.test(line)) return false;
  if (/[、，,]\s*$/.test(line)) return true;
  if (JAPANESE.test(line.slice(-1))) return line.length >= JA_WRAP_MIN && !JA_FINAL.test(line);
  return !EN_FINAL.test(line) && (/,\s*$/.test(line) || /^\s*[a-z]/.test(next));
}

// "Ms. Naomi Fujita", "e.g. …": a full stop that ends no sentence.
const ABBREVIATION = /\b(?:Mr|Ms|Mrs|Dr|St|Mt|No|Inc|Ltd|Co|Corp|vs|etc|e\.g|i\.e)\.$/i;

/** Where a text splits into sentences: after 。！？!?, and after ". " before a capital; never inside 「」. */
function split(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '「' || c === '『') depth++;
    else if ((c === '」' || c === '』') && depth > 0) depth--;
    else if (depth === 0) {
      const end = /[。！？!?]/.test(c)
        ? !/[。！？!?」』）)]/.test(text[i + 1] ?? '')
        : c === '.' && /^\s+[A-Z]/.test(text.slice(i + 1)) && !ABBREVIATION.test(text.slice(0, i + 1));
      if (end) {
        out.push(text.slice(start, i + 1));
        start = i + 1;
      }
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * The sentences of the sender's prose: lines of a paragraph joined where the
 * writer wrapped them, split at sentence ends. Lines that belong to a form
 * field (`skip`) are not prose: a reason explains, it does not ask.
 */
export function sentencesOf(lines: readonly OwnLine[], skip: ReadonlySet<number> = new Set()): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let chunk: { text: string; line: number } | null = null;
  const flush = () => {
    if (!chunk) return;
    for (const text of split(chunk.text))
      out.push({ text, folded: text.normalize('NFKC').toLowerCase(), line: chunk.line, paragraph, index: out.length });
    chunk = null;
  };
  lines.forEach((l, i) => {
    const text = l.text.trim();
    if (!text || skip.has(i) || (l.quoteAbove && i > 0)) {
      flush();
      if (!text || l.quoteAbove) paragraph++;
      if (!text || skip.has(i)) return;
    }
    if (chunk && wraps(lines[i - 1]!.text.trim(), text)) {
      const ja = JAPANESE.test(chunk.text.slice(-1)) || JAPANESE.test(text[0]!);
      chunk.text += (ja ? '' : ' ') + text;
    } else {
      flush();
      chunk = { text, line: i };
    }
  });
  flush();
  return out;
}
