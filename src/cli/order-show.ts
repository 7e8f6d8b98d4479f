import type { Command } from 'commander';
import { findOrder } from '../act/record-step.js';
import { viewOrder } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { printJson, printOrderDetail } from './print.js';

export function register(order: Command, ctx: CliContext): void {
  order
    .command('show')
    .description('show one order with its deadlines and approver role')
    .argument('<id>', 'order id, e.g. C-0007')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      const data = await (await ctx.openStore()).read();
      const view = viewOrder(findOrder(data, id), ctx.now());
      if (flags.json) printJson(view);
      else printOrderDetail(view);
    });
}
