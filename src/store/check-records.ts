import type { Patch } from 'immer';
import { z } from 'zod';
import { RECORD_SCHEMAS, STORE_VERSION, StoreData } from './schema.js';

/** zod's first problem as one line: where, what, and how many more. */
export function describeIssue(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0]!;
  const where = first.path.map(String).join('.') || '(top level)';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${where}: ${first.message}${more}`;
}

/** Every record is checked as the snapshot is read (see reviveRecord); this checks the rest. */
export const StoreShell = StoreData.extend(
  Object.fromEntries(Object.keys(RECORD_SCHEMAS).map((key) => [key, z.array(z.unknown()).default([])])),
);

/** Check one record of a snapshot being read, by its collection's schema (files of older versions: after migrating). */
export function reviveRecord(
  collection: string,
  record: unknown,
  index: number,
  header: Record<string, unknown>,
): unknown {
  if (header.version !== STORE_VERSION) return record;
  const schema = RECORD_SCHEMAS[collection as keyof typeof RECORD_SCHEMAS];
  if (!schema) throw new Error(`${collection}: not a collection of the store`);
  const checked = schema.safeParse(record);
  if (!checked.success) throw new Error(`${collection}.${index}.${describeIssue(checked.error)}`);
  return checked.data;
}

/** Validate what a transaction's patches touched: each changed record with its schema, each changed top-level field. */
export function checkTouched(next: StoreData, patches: Patch[]): void {
  const touched = new Map<string, Set<number> | 'all'>();
  for (const { path } of patches) {
    const key = String(path[0]);
    if (path.length >= 2 && key in RECORD_SCHEMAS && typeof path[1] === 'number') {
      const set = touched.get(key);
      if (set !== 'all') touched.set(key, (set ?? new Set()).add(path[1]));
    } else touched.set(key, 'all');
  }
  const fail = (where: string, error: Parameters<typeof describeIssue>[0]) => {
    throw new Error(`refusing to write an invalid store: ${where}${describeIssue(error)}`);
  };
  for (const [key, which] of touched) {
    const records = RECORD_SCHEMAS[key as keyof typeof RECORD_SCHEMAS];
    if (records && which !== 'all') {
      const list = next[key as keyof typeof RECORD_SCHEMAS] as unknown[];
      for (const i of which) {
        if (i >= list.length) continue; // removed
        const r = records.safeParse(list[i]);
        if (!r.success) fail(`${key}.${i}.`, r.error);
      }
      continue;
    }
    const field = StoreData.shape[key as keyof typeof StoreData.shape];
    if (!field) fail('', { issues: [{ path: [key], message: 'unknown field' }] });
    const r = field.safeParse(next[key as keyof StoreData]);
    if (!r.success) fail(`${key}.`, r.error);
  }
}
