import type { Sentence } from '../classify/sentences.js';
import { SIGN_OFF } from '../parse/split-reply.js';
import { findLabels, isAnyLabel } from './labels.js';

export interface ReasonFinding {
  reason: string | null;
  rule: 'label' | 'prose-riyuu' | 'prose-cause' | 'prose-because' | null;
  line: number | null;
}

// "特になし", "none", "-": a reason field filled in with nothing.
const NO_REASON = /^(?:特に(?:なし|無し|ありません)|なし|無し|ありません|none|n\/a|na|nothing|-+|ー+|―+)[。.]?$/i;

function labelledReason(lines: readonly string[]): ReasonFinding | null {
  for (const hit of findLabels(lines, 'reason')) {
    const parts = hit.value ? [hit.value] : [];
    for (let j = hit.line + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (!line.trim()) {
        if (parts.length === 0) continue; // "キャンセル理由：" with the reason on the lines below
        break;
      }
      if (SIGN_OFF.test(line) || isAnyLabel(line)) break;
      parts.push(line.trim());
    }
    const reason = parts.join('\n').trim();
    if (reason && !NO_REASON.test(reason.normalize('NFKC'))) return { reason, rule: 'label', line: hit.line };
  }
  return null;
}

const RIYUU =
  /理由(?:は|としては|としまして(?:は)?|につきましては|ですが)[、,]?\s*(.+?)(?:です|でございます|となります|になります)?[。.]?$/;
const CAUSE_CLAUSE = /^(.+?(?:ため|ので|から|につき|に伴い|に伴いまして|により|による))[、,]\s*\S/;
// "…の証明書は不要になったので": it names no reason beyond wanting to cancel.
const TRIVIAL_CAUSE =
  /^(?:.{0,80}の)?(?:証明書|こちら|本件|それ)?(?:は|が)?\s*(?:不要|必要(?:が)?なく|いらなく|要らなく)(?:に)?(?:なり(?:まし)?た|なった)?(?:ので|ため|から)$/;
const BECAUSE = /\b(?:because(?:\s+of)?|due\s+to|since|as)\s+(.+?)[.!]?$/i;
const THE_REASON = /\b(?:the\s+)?reason\s+(?:is|being|was)\s+(?:that\s+)?(.+?)[.!]?$/i;

function proseReason(sentences: readonly Sentence[], requestLines: ReadonlySet<number>): ReasonFinding | null {
  for (const s of sentences) {
    const m = RIYUU.exec(s.text) ?? THE_REASON.exec(s.text);
    if (m) return { reason: m[1]!.trim(), rule: 'prose-riyuu', line: s.line };
  }
  for (const s of sentences) {
    if (!requestLines.has(s.line)) continue;
    const cause = CAUSE_CLAUSE.exec(s.text);
    if (cause && !TRIVIAL_CAUSE.test(cause[1]!.normalize('NFKC').trim()))
      return {
        reason: cause[1]!.replace(/^(?:また|なお|実は|弊社では)[、,]?/, '').trim(),
        rule: 'prose-cause',
        line: s.line,
      };
    const because = BECAUSE.exec(s.text);
    if (
      because &&
      (!/^as$/i.test(s.text.match(/\b(as|because|due to|since)\b/i)?.[1] ?? '') ||
        /^(?:we|our|the|it|this)\b/i.test(because[1]!))
    )
      return { reason: because[1]!.trim(), rule: 'prose-because', line: s.line };
  }
  return null;
}

/** The cancellation reason the sender gave: a labelled one wins, else one stated in prose. Kept as written. */
export function extractReason(
  lines: readonly string[],
  sentences: readonly Sentence[],
  requestLines: ReadonlySet<number>,
): ReasonFinding {
  return labelledReason(lines) ?? proseReason(sentences, requestLines) ?? { reason: null, rule: null, line: null };
}
