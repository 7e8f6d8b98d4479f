import { join } from 'node:path';
import { buildDigest } from '../src/domain/digest.js';
import { dueReminders } from '../src/domain/reminders.js';
import { Store } from '../src/store/store.js';
import { tempDir } from '../test/helpers/cli.js';
import { storeWithOrders } from '../test/helpers/many-orders.js';

/**
 * One store size, in a process of its own so its RSS is the store's: a
 * transaction's p50 and p99, the reminder scan, the digest. Prints JSON.
 */
const orders = Number(process.argv[2] ?? 1000);
// Made by a process of its own: building the orders must not count in this one's memory.
const file = process.argv[3] ?? join(tempDir('certdesk-scale-'), 'store.json');
if (process.argv[4] === 'make') {
  await storeWithOrders(file, orders);
  process.exit(0);
}
if (!process.argv[3]) await storeWithOrders(file, orders);
const store = new Store(file);
const data = await store.open();
const now = new Date('2027-04-20T00:00:00Z');

const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await store.transaction((d) => {
    d.counters.inbound += 1; // the smallest real change: what taking a mail costs at least
  });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
let t = performance.now();
const due = dueReminders(data, now);
const remindersMs = performance.now() - t;
t = performance.now();
const digest = buildDigest(data, now);
const digestMs = performance.now() - t;
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(
  JSON.stringify({
    orders,
    txn_p50_ms: times[Math.floor(times.length / 2)],
    txn_p99_ms: times[times.length - 1],
    reminders_ms: remindersMs,
    digest_ms: digestMs,
    rss_mb: process.memoryUsage().rss / 2 ** 20,
    heap_mb: process.memoryUsage().heapUsed / 2 ** 20,
    due: due.length,
    digest_items: digest.total,
  }) + '\n',
);
