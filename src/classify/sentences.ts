/** A sentence of the sender's own text, with the line it starts on. */
export interface Sentence {
  text: string;
  /** NFKC-folded, lower-cased: what the rules match against. */
  folded: string;
  line: number;
}

/** Splits lines into sentences at 。！？!? and at ". " / line ends. */
export function sentencesOf(lines: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  lines.forEach((line, i) => {
    for (const part of line.split(/(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z])/)) {
      const text = part.trim();
      if (text) out.push({ text, folded: text.normalize('NFKC').toLowerCase(), line: i });
    }
  });
  return out;
}
