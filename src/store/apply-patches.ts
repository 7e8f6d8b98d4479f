import type { Patch } from 'immer';

/** A patch that cannot be applied to the data it is given: the journal line is not of this store. */
export class PatchMismatch extends Error {}

/** Keys a patch read from disk may not name: they would reach the objects' prototypes. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Immer's patches (as produceWithPatches writes them to the journal) applied
 * to plain JSON data, with Immer's meaning for each (`add` inserts into an
 * array, `-` appends, `remove` splices, a path of none replaces it all), the
 * data passed in left as it was: each object on a patch's path is copied
 * once, the first time a patch goes through it, and the rest is shared.
 * Immer's own applyPatches drafts every object on every path through a
 * Proxy: replaying a day of journal at a command's start took 6 ms of its
 * 60. The values are used as they are: patches read from a journal line
 * are fresh objects, each used once.
 */
export function applyJsonPatches<T>(base: T, patches: readonly Patch[]): T {
  const copies = new WeakSet<object>();
  const own = (value: unknown, where: Patch['path']): Record<string | number, unknown> => {
    if (typeof value !== 'object' || value === null)
      throw new PatchMismatch(`nothing to change at ${where.join('/') || '(the top)'}`);
    if (copies.has(value)) return value as Record<string | number, unknown>;
    const copy = Array.isArray(value) ? value.slice() : { ...value };
    copies.add(copy);
    return copy as Record<string | number, unknown>;
  };
  let root: unknown = base;
  for (const { op, path, value } of patches) {
    if (path.some((key) => FORBIDDEN.has(String(key)))) throw new PatchMismatch(`a forbidden key in ${path.join('/')}`);
    if (path.length === 0) {
      if (op !== 'replace') throw new PatchMismatch(`${op} of the whole store`);
      root = value;
      continue;
    }
    root = own(root, []);
    let node = root as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      node = node[key] = own(node[key], path.slice(0, i + 1));
    }
    const key = path[path.length - 1]!;
    if (Array.isArray(node)) {
      const at = key === '-' ? node.length : Number(key);
      if (op === 'replace') node[key as number] = value;
      else if (!Number.isInteger(at) || at < 0 || at > node.length)
        throw new PatchMismatch(`${op} at ${path.join('/')}: no such place in a list of ${node.length}`);
      else if (op === 'add') node.splice(at, 0, value);
      else if (op === 'remove') node.splice(at, 1);
      else throw new PatchMismatch(`unknown operation ${String(op)}`);
    } else if (op === 'replace' || op === 'add') node[key] = value;
    else if (op === 'remove') delete node[key];
    else throw new PatchMismatch(`unknown operation ${String(op)}`);
  }
  return root as T;
}
