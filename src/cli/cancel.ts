import type { Command } from 'commander';
import { decideCancellation } from '../act/decide-cancellation.js';
import { viewOrder } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, out } from './print.js';
import { decidedWords } from '../act/action-words.js';

export function register(program: Command, ctx: CliContext): void {
  const cancel = program.command('cancel').description("staff decide a customer's cancellation request");
  cancel
    .command('confirm')
    .description('cancel the order and send cancellation-confirmed to the customer')
    .argument('<id>', 'order id')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { json?: boolean }) => decide(ctx, id, { confirm: true }, flags));
  cancel
    .command('reject')
    .description('turn the request down (the order goes back to where it was); tell the customer yourself')
    .argument('<id>', 'order id')
    .requiredOption('--why <text>', 'why, kept in the order history')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { why: string; json?: boolean }) => {
      if (!flags.why.trim()) throw new UsageError('--why must say why');
      await decide(ctx, id, { confirm: false, why: flags.why.trim() }, flags);
    });
}

async function decide(
  ctx: CliContext,
  id: string,
  decision: { confirm: true } | { confirm: false; why: string },
  flags: { json?: boolean },
) {
  const store = await ctx.openStore();
  const now = ctx.now();
  const { order, mails } = await decideCancellation(store, id, decision, now, ctx.mail());
  if (flags.json) return printJson(viewOrder(order, now));
  out(decidedWords(order, mails, now).join('\n') + '\n');
}
