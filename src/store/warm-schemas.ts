import type { z } from 'zod';

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as z.ZodType)._zod.def as unknown as Def;

/**
 * A value shaped like what `schema` takes, every object and array in it
 * present (strings empty, numbers 0, the first of each choice): parsed once,
 * it makes zod set up each schema inside, which zod does at a schema's first
 * parse. Whether it passes the checks does not matter.
 */
function shapedLike(schema: unknown, depth = 0): unknown {
  if (depth > 12) return undefined; // a recursive schema: deep enough
  const def = defOf(schema);
  const inner = (s: unknown) => shapedLike(s, depth + 1);
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape as Record<string, unknown>).map(([k, v]) => [k, inner(v)]));
    case 'array':
      return [inner(def.element)];
    case 'tuple':
      return (def.items as unknown[]).map(inner);
    case 'record':
      return { key: inner(def.valueType) };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'union':
      return inner((def.options as unknown[])[0]);
    case 'intersection':
      return inner(def.left);
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'number':
    case 'int':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    default:
      return null;
  }
}

/**
 * Parse each schema once with a value shaped like its input, so that zod's
 * first-parse setup of every schema inside it is done. The command line's
 * startup snapshot does this while it is built (cli/snapshot.ts): its
 * commands then check records at once, without setting up their schemas at
 * every start.
 */
export function warmSchemas(schemas: Iterable<z.ZodType>): void {
  for (const schema of schemas) schema.safeParse(shapedLike(schema));
}
