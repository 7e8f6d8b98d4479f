import { applyPatches, enableArrayMethods, enablePatches, produceWithPatches, setAutoFreeze, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { applyJsonPatches, PatchMismatch } from '../../src/store/apply-patches.js';

enablePatches();
enableArrayMethods();
setAutoFreeze(false);

/** A small seeded generator: the same cases at every run. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

type Tree = { orders: Array<{ id: number; tags: string[]; note?: string }>; counters: Record<string, number> };

/** One change of the kinds the store's transactions make: pushes, splices, shrinking, keys set and deleted. */
function change(draft: Tree, pick: (n: number) => number): void {
  const o = draft.orders[pick(Math.max(1, draft.orders.length))];
  switch (pick(9)) {
    case 0:
      draft.orders.push({ id: pick(1000), tags: [] });
      break;
    case 1:
      draft.orders.splice(pick(draft.orders.length + 1), 0, { id: pick(1000), tags: ['new'] });
      break;
    case 2:
      draft.orders.splice(pick(Math.max(1, draft.orders.length)), 1 + pick(2));
      break;
    case 3:
      draft.orders.length = Math.max(0, draft.orders.length - pick(3));
      break;
    case 4:
      o?.tags.push(`t${pick(50)}`);
      break;
    case 5:
      if (o) o.note = `note ${pick(99)}`;
      break;
    case 6:
      if (o) delete o.note;
      break;
    case 7:
      draft.counters[`c${pick(4)}`] = pick(100);
      break;
    default:
      delete draft.counters[`c${pick(4)}`];
      draft.orders.unshift({ id: -1, tags: ['first'] });
  }
}

describe("a journal's patches applied to plain data", () => {
  it('give what Immer gives, over many commits of every kind, and leave the data they were given as it was', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const pick = random(seed);
      let state: Tree = { orders: [{ id: 1, tags: ['a'] }], counters: { c0: 0 } };
      const commits: Patch[][] = [];
      for (let i = 0; i < 30; i++) {
        const [next, patches] = produceWithPatches(state, (d) => {
          for (let k = 0; k <= pick(3); k++) change(d, pick);
        });
        commits.push(JSON.parse(JSON.stringify(patches)) as Patch[]); // as read back from a journal line
        state = next;
      }
      const base: Tree = { orders: [{ id: 1, tags: ['a'] }], counters: { c0: 0 } };
      const before = JSON.stringify(base);
      const all = commits.flat();
      const ours = applyJsonPatches(base, all);
      expect(ours, `seed ${seed}`).toEqual(applyPatches(base, all));
      expect(ours, `seed ${seed}`).toEqual(state);
      expect(JSON.stringify(base)).toBe(before);
      // Commit by commit, the same.
      expect(commits.reduce((s, p) => applyJsonPatches(s, p), base)).toEqual(state);
    }
  });

  it('share what no patch touched, and copy what one did', () => {
    const base = { a: { x: 1 }, b: { y: [1, 2] } };
    const next = applyJsonPatches(base, [{ op: 'add', path: ['b', 'y', 2], value: 3 }]);
    expect(next).toEqual({ a: { x: 1 }, b: { y: [1, 2, 3] } });
    expect(next.a).toBe(base.a);
    expect(base.b.y).toEqual([1, 2]);
  });

  it('refuse a patch that does not fit the data, or names a prototype', () => {
    const base = { list: [1], o: { k: 1 } };
    const refused: Patch[] = [
      { op: 'replace', path: ['missing', 'deeper'], value: 1 },
      { op: 'add', path: ['list', 5], value: 1 },
      { op: 'remove', path: ['list', 'x'] },
      { op: 'add', path: ['__proto__', 'polluted'], value: true },
      { op: 'replace', path: ['o', 'constructor'], value: 1 },
      { op: 'add', path: [], value: {} },
    ];
    for (const patch of refused)
      expect(() => applyJsonPatches(base, [patch]), JSON.stringify(patch)).toThrow(PatchMismatch);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(applyJsonPatches(base, [{ op: 'replace', path: [], value: { whole: 1 } }])).toEqual({ whole: 1 });
  });
});
