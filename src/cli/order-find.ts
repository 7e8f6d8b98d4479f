import type { Command } from 'commander';
import { findOrders } from '../domain/find-orders.js';
import { viewOrder } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { out, printJson, printOrderLine } from './print.js';

export function register(order: Command, ctx: CliContext): void {
  order
    .command('find')
    .description('find orders by common name (Unicode or A-label), contract, organization, contact name or address')
    .argument('<text>', 'part of any of those')
    .option('--json', 'print a JSON array of orders')
    .action(async (text: string, flags: { json?: boolean }) => {
      if (!text.trim()) throw new UsageError('order find: give the text to look for');
      const data = await (await ctx.openStore()).read();
      const now = ctx.now();
      const views = findOrders(data.orders, text).map((o) => viewOrder(o, now));
      if (flags.json) printJson(views);
      else if (views.length === 0) out(`no order matches ${JSON.stringify(text)}\n`);
      else views.forEach(printOrderLine);
    });
}
