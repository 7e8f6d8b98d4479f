import { register as deliver } from './deliver.js';
import { register as orderFind } from './order-find.js';
import { register as orderList } from './order-list.js';
import { register as orderShow } from './order-show.js';
import { words, type CommandTable } from './run.js';
import { register as status } from './status.js';

/**
 * The commands the startup snapshot holds loaded (snapshot.ts): those staff
 * and the MTA run most. Their modules must load nothing the snapshot cannot
 * hold (TLS, HTTP, a package left out of its bundle): the build says which.
 */
export const HELD: CommandTable = {
  top: [
    ['status', async () => [status]],
    ['deliver', async () => [deliver]],
    ['order', async () => []],
  ],
  order: [
    [['list'], async () => [orderList]],
    [['show'], async () => [orderShow]],
    [['find'], async () => [orderFind]],
  ],
};

/** Whether argv names a held command (then HELD builds the very program the full table would). */
export function holds(argv: string[]): boolean {
  const [first, second] = words(argv);
  if (first !== 'order') return first !== undefined && HELD.top.some(([name]) => name === first);
  return HELD.order.some(([names]) => names?.includes(second ?? ''));
}

/** Each held command as argv names it. */
export const HELD_ARGVS: string[][] = [
  ...HELD.top.filter(([name]) => name !== 'order').map(([name]) => [name]),
  ...HELD.order.flatMap(([names]) => (names ?? []).map((verb) => ['order', verb])),
];
