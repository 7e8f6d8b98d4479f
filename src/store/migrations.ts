import { STORE_VERSION } from './schema.js';

/**
 * Upgrades from each older schema version to the next, keyed by the version
 * they upgrade from. A file is migrated in memory when read and written in
 * the new shape by the next transaction; a file newer than STORE_VERSION is
 * refused, never rewritten.
 */
export const MIGRATIONS: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {
  // 1: (data) => ({ ...data, version: 2, newCollection: [] }),
};

export type MigrationResult = { data: unknown; from: number } | { error: string };

export function migrate(raw: unknown, migrations = MIGRATIONS, current = STORE_VERSION): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'not a JSON object' };
  let data = raw as Record<string, unknown>;
  const from = data.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) return { error: 'no schema version field' };
  if (from > current) return { error: `schema version ${from} is newer than this certdesk understands (${current})` };
  for (let v = from; v < current; v++) {
    const step = migrations[v];
    if (!step) return { error: `no migration from schema version ${v}` };
    data = step(data);
  }
  return { data, from };
}
