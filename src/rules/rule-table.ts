/** One row of a language table: the rule's name (shown in `why`) and what it matches. */
export type Rule = readonly [name: string, pattern: RegExp];

/** The first rule of a table that matches, or null. */
export function firstRule(rules: readonly Rule[], text: string): string | null {
  for (const [name, re] of rules) if (re.test(text)) return name;
  return null;
}

/** Every match of every rule, with where it ends: Japanese modality stacks to the right, so the last one speaks. */
export function matchesOf<K>(
  rules: ReadonlyArray<readonly [K, RegExp]>,
  text: string,
): Array<{ kind: K; start: number; end: number; text: string }> {
  const out: Array<{ kind: K; start: number; end: number; text: string }> = [];
  for (const [kind, re] of rules) {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(global))
      if (m[0]) out.push({ kind, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}
