import type { Command } from 'commander';
import { findOrders } from '../domain/find-orders.js';
import { viewOrder, viewOrderLine } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { out, printJson, printOrderLines } from './print.js';

export function register(order: Command, ctx: CliContext): void {
  order
    .command('find')
    .description('find orders by common name (Unicode or A-label), contract, organization, contact name or address')
    .argument('<text>', 'part of any of those')
    .option('--json', 'print a JSON array of orders')
    .action(async (text: string, flags: { json?: boolean }) => {
      if (!text.trim()) throw new UsageError('order find: give the text to look for');
      const data = await (await ctx.openStore()).read();
      const found = findOrders(data.orders, text);
      const now = ctx.now();
      if (flags.json) printJson(found.map((o) => viewOrder(o, now)));
      else if (found.length === 0) out(`no order matches ${JSON.stringify(text)}\n`);
      else printOrderLines(found.map(viewOrderLine));
    });
}
