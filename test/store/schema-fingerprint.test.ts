import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RECORD_SCHEMAS, SCHEMA_FINGERPRINT } from '../../src/store/schema.js';

/** The record schemas as JSON Schema, hashed: what a sealed snapshot was checked against. */
export function schemasFingerprint(): string {
  const text = Object.entries(RECORD_SCHEMAS)
    .map(([name, schema]) => name + JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' })))
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

describe('the fingerprint of the record schemas', () => {
  it('is the one SCHEMA_FINGERPRINT names (change it with the schemas: old sealed snapshots are then checked again)', () => {
    expect(SCHEMA_FINGERPRINT).toBe(schemasFingerprint());
  });
});
