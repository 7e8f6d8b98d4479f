import type { Command } from 'commander';
import { ORDER_STATUSES } from '../domain/order.js';
import { viewOrder } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, printOrderLine, out } from './print.js';

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
      const now = ctx.now();
      const views = data.orders.filter((o) => !flags.status || o.status === flags.status).map((o) => viewOrder(o, now));
      if (flags.json) printJson(views);
      else if (views.length === 0) out('no orders\n');
      else views.forEach(printOrderLine);
    });
}
