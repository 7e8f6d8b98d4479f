import { z } from 'zod';
import { jstMidnight } from '../domain/jst.js';
import { UsageError } from './errors.js';

const isoDate = z.iso.date();
const isoInstant = z.iso.datetime({ offset: true, local: false });

/** An instant from the command line: full ISO 8601 with offset, or a bare date meaning 00:00 in Tokyo. */
export function parseInstant(flag: string, value: string): Date {
  if (isoDate.safeParse(value).success) return jstMidnight(value);
  if (isoInstant.safeParse(value).success) return new Date(value);
  throw new UsageError(
    `${flag} ${JSON.stringify(value)}: expected an ISO date (2026-11-25) or date-time with offset (2026-11-25T09:00:00+09:00)`,
  );
}

/** Zod's first problems, as one line naming each field. */
/**
 * One line for every problem; with `names` (field path → the flag that sets
 * it) a field is named as the person typed it, and a missing one is said so:
 * `--contact-phone is required`, not `contact.phone: expected string`.
 */
export function describeZodError(prefix: string, error: z.ZodError, names: Record<string, string> = {}): string {
  const parts = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.');
    const name = names[path];
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    if (name && missing) return `${name} is required`;
    return `${name ?? (path || 'input')}: ${i.message}`;
  });
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return `${prefix}: ${parts.join('; ')}${more}`;
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix: string,
  names: Record<string, string> = {},
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(describeZodError(prefix, parsed.error, names));
  return parsed.data;
}
