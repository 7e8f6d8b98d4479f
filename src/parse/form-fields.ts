import { SIGN_OFF } from '../rules/closings.js';
import {
  BULLET,
  FIELD_KINDS,
  FIELD_LABELS,
  LABEL_CLOSE,
  LABEL_DASH,
  LABEL_OPEN,
  LABEL_SEPARATOR,
  NEW_VALUE_COLUMN,
  type FieldKind,
} from '../rules/labels.js';
import { CELL_SEPARATOR } from './html-to-text.js';
import type { OwnLine } from './split-reply.js';

/** A labelled value the sender wrote, however the form was laid out. */
export interface FormField {
  kind: FieldKind;
  /** The label as written (for an inline answer: our quoted label). */
  label: string;
  /** The value as written; the lines of a value that spans several joined by "\n". */
  value: string;
  /** Index (into the sender's own lines) of the label's line. */
  line: number;
  /** The own lines that hold the value, the label's included when they share it. */
  lines: number[];
  /** How it was written: "label: value", "label value", "【label】value", "label - value", the label alone
   * with the value below, an answer under our quoted label, a table row. */
  how: 'colon' | 'space' | 'bracket' | 'dash' | 'alone' | 'inline' | 'table';
}

interface LabelHit {
  kind: FieldKind;
  label: string;
  how: 'colon' | 'space' | 'bracket' | 'dash' | 'alone';
  value: string;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
// "→ Common name (コモンネーム)": our English labels carry the Japanese one beside them.
const GLOSS = /^[\s\u3000]*[(（][^)）]{1,24}[)）]/;
const PARTICLE_START = /^[はがをにでとものへやか、。]/;

/** Where, in `text`, the first `foldedLength` characters of its NFKC form end. */
function originalOffset(text: string, foldedLength: number): number {
  for (let i = 0; i <= text.length; i++) if (fold(text.slice(0, i)).length >= foldedLength) return i;
  return text.length;
}

/** The longest label (of any field, either language) at the start of `text`. */
function labelAtStart(text: string): { kind: FieldKind; ja: boolean; length: number } | null {
  const folded = fold(text);
  let best: { kind: FieldKind; ja: boolean; length: number } | null = null;
  for (const kind of FIELD_KINDS)
    for (const ja of [true, false]) {
      const m = new RegExp(`^(?:${FIELD_LABELS[kind][ja ? 'ja' : 'en'].source})`).exec(folded);
      if (m && (!best || m[0].length > best.length)) best = { kind, ja, length: m[0].length };
    }
  if (!best) return null;
  // A label ends where a word ends: "CNAME" is not "CN", "ドメイン名の利用権" is prose.
  const next = folded.slice(best.length, best.length + 1);
  if (!best.ja && /[a-z0-9]/.test(next)) return null;
  return { ...best, length: originalOffset(text, best.length) };
}

/** A value that can stand after a label with only a space between: it must look like what the field holds. */
function plausibleSpaced(kind: FieldKind, value: string, ja: boolean, gap: string): boolean {
  const v = fold(value);
  if (PARTICLE_START.test(v)) return false;
  switch (kind) {
    case 'commonName':
      return /[a-z0-9*][a-z0-9-]*\.[a-z0-9.-]*[a-z]/.test(v);
    case 'contactEmail':
      return v.includes('@');
    case 'contactPhone':
      return /\d{2,}[-\s)]*\d{2,}/.test(v);
    case 'contactName':
      return v.length <= 40 && !/[。.!?]$/.test(v) && (ja || gap.length >= 2 || gap.includes('\t'));
    case 'reason':
      return ja || gap.length >= 2 || gap.includes('\t');
  }
}

/** A label at the start of a line, and what follows it. */
export function labelOf(line: string): LabelHit | null {
  let rest = line.slice(BULLET.exec(line)?.[0].length ?? 0);
  const bracketed = LABEL_OPEN.test(rest);
  if (bracketed) rest = rest.slice(1);
  const label = labelAtStart(rest);
  if (!label) return null;
  const labelText = rest.slice(0, label.length);
  let after = rest.slice(label.length);
  after = after.replace(GLOSS, '');
  const hit = (how: LabelHit['how'], value: string): LabelHit => ({ kind: label.kind, label: labelText, how, value });
  if (bracketed) {
    if (!LABEL_CLOSE.test(after.trimStart())) return null;
    after = after.trimStart().slice(1);
  }
  const sep = LABEL_SEPARATOR.exec(after);
  if (sep) {
    const value = after.slice(sep[0].length).trim();
    return hit(bracketed ? 'bracket' : value ? 'colon' : 'alone', value);
  }
  if (!after.trim()) return hit('alone', '');
  const dash = LABEL_DASH.exec(after);
  if (dash && !label.ja) return hit('dash', after.slice(dash[0].length).trim());
  if (bracketed) return hit('bracket', after.trim());
  const gap = /^[\s\u3000]+/.exec(after)?.[0];
  if (!gap) return null;
  const value = after.trim();
  return plausibleSpaced(label.kind, value, label.ja, gap) ? hit('space', value) : null;
}

const isBlank = (l: OwnLine | undefined) => !l || !l.text.trim();
const ONE_LINE_KINDS: ReadonlySet<FieldKind> = new Set(['commonName', 'contactEmail', 'contactPhone', 'contactName']);

/** The lines under a label that stands alone: up to a blank line, the next label, a closing or a quote. */
function valueBelow(lines: readonly OwnLine[], at: number, kind: FieldKind): number[] {
  const taken: number[] = [];
  let j = at + 1;
  if (isBlank(lines[j]) && !isBlank(lines[j + 1])) j++; // one blank line between label and value
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    if (!l.text.trim() || l.block !== lines[at]!.block) break;
    if (labelOf(l.text) || SIGN_OFF.test(l.text.normalize('NFKC'))) break;
    taken.push(j);
    if (ONE_LINE_KINDS.has(kind)) break;
  }
  return taken;
}

/** A table row ("label<TAB>before<TAB>after"): the cell under a "変更後/New" heading, else the last one. */
function tableField(lines: readonly OwnLine[], i: number): FormField | null {
  const cells = lines[i]!.text.split(CELL_SEPARATOR).map((c) => c.trim());
  const filled = cells.filter(Boolean);
  if (filled.length < 2) return null;
  const hit = labelOf(filled[0]!);
  if (!hit || hit.how !== 'alone') return null;
  let head = i;
  while (head > 0 && lines[head - 1]!.text.includes(CELL_SEPARATOR)) head--;
  const heading = head < i ? lines[head]!.text.split(CELL_SEPARATOR).map((c) => fold(c.trim())) : [];
  const column = heading.findIndex((c, k) => k > 0 && NEW_VALUE_COLUMN.test(c));
  const value = (column > 0 ? cells[column] : undefined) || filled[filled.length - 1]!;
  return { kind: hit.kind, label: hit.label, value, line: i, lines: [i], how: 'table' };
}

/**
 * Every labelled field in the sender's own lines: a label with a colon of
 * either width, a space or a full-width space; in 【】 or ［］ or after a
 * bullet; alone on its line with the value below (our own template's
 * "→ コモンネーム" too); in a table; or written inline under our quoted label.
 */
export function formFields(lines: readonly OwnLine[]): FormField[] {
  const fields: FormField[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quoted = line.quoteAbove ? labelOf(line.quoteAbove) : null;
    if (quoted?.how === 'alone' && !labelOf(line.text)) {
      const taken = [i];
      for (let j = i + 1; j < lines.length && !isBlank(lines[j]) && lines[j]!.block === line.block; j++) taken.push(j);
      const value = taken.map((k) => lines[k]!.text.trim()).join('\n');
      fields.push({ kind: quoted.kind, label: quoted.label, value, line: i, lines: taken, how: 'inline' });
      continue;
    }
    if (line.text.includes(CELL_SEPARATOR)) {
      const row = tableField(lines, i);
      if (row) {
        fields.push(row);
        continue;
      }
    }
    const hit = labelOf(line.text);
    if (!hit) continue;
    if (hit.how === 'alone') {
      const below = valueBelow(lines, i, hit.kind);
      fields.push({
        kind: hit.kind,
        label: hit.label,
        value: below.map((k) => lines[k]!.text.trim()).join('\n'),
        line: i,
        lines: [i, ...below],
        how: 'alone',
      });
      continue;
    }
    const more = hit.kind === 'reason' ? continuation(lines, i) : [];
    fields.push({
      kind: hit.kind,
      label: hit.label,
      value: [hit.value, ...more.map((k) => lines[k]!.text.trim())].join('\n').trim(),
      line: i,
      lines: [i, ...more],
      how: hit.how,
    });
  }
  return fields;
}

/** A reason written on after its label's line ("理由：予算の都合で" / "来年度に延期したため"). */
function continuation(lines: readonly OwnLine[], at: number): number[] {
  const taken: number[] = [];
  for (let j = at + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (!l.text.trim() || l.block !== lines[at]!.block || l.quoteAbove) break;
    if (labelOf(l.text) || SIGN_OFF.test(l.text.normalize('NFKC'))) break;
    taken.push(j);
  }
  return taken;
}
