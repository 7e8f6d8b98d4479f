import type { Command } from 'commander';
import { ORDER_STATUSES } from '../domain/order.js';
import { viewOrder, viewOrderLine } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, printOrderLines, out } from './print.js';

export function register(order: Command, ctx: CliContext): void {
  order
    .command('list')
    .description('list orders')
    .option('--status <status>', `only orders in this status (${ORDER_STATUSES.join(', ')})`)
    .option('--json', 'print a JSON array of orders')
    .action(async (flags: { status?: string; json?: boolean }) => {
      if (flags.status && !(ORDER_STATUSES as readonly string[]).includes(flags.status))
        throw new UsageError(`--status ${flags.status}: expected one of ${ORDER_STATUSES.join(', ')}`);
      const data = await (await ctx.openStore()).read();
      const orders = data.orders.filter((o) => !flags.status || o.status === flags.status);
      const now = ctx.now();
      if (flags.json) printJson(orders.map((o) => viewOrder(o, now)));
      else if (orders.length === 0) out('no orders\n');
      else printOrderLines(orders.map(viewOrderLine));
    });
}
