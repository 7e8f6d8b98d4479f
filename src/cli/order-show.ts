import type { Command } from 'commander';
import { findOrder } from '../store/find-by-id.js';
import { formatJstTime } from '../domain/jst.js';
import { viewOrder } from '../domain/order-view.js';
import type { CliContext } from './context.js';
import { ownTextOf, rawFileOf } from './inbound.js';
import { out, printJson, printOrderDetail } from './print.js';

/** The first lines of a sender's own words, one line each. */
const excerpt = (text: string | null, lines = 3) =>
  (text ?? '(the raw file cannot be read)')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, lines);

export function register(order: Command, ctx: CliContext): void {
  order
    .command('show')
    .description('one order as a case: its state and deadlines, its history, the mails it got and the mails we sent it')
    .argument('<id>', 'order id, e.g. C-0007')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      const data = await (await ctx.openStore()).read();
      const found = findOrder(data, id);
      const view = viewOrder(found, ctx.now());
      if (flags.json) return printJson(view);
      printOrderDetail(view);
      const received = data.inbound.filter((r) => r.orderId === found.id);
      out(`mail from the customer (${received.length}):\n`);
      for (const r of received) {
        out(`  ${r.id}  ${formatJstTime(r.receivedAt)}  ${r.outcome ?? r.status}  from ${r.from ?? '-'}\n`);
        if (r.note) out(`      why: ${r.note}\n`);
        for (const line of excerpt(await ownTextOf(rawFileOf(ctx, r)))) out(`      | ${line}\n`);
      }
      const sent = data.outbox.filter((e) => e.orderId === found.id);
      out(`mail we sent (${sent.length}):\n`);
      for (const e of sent)
        out(
          `  ${e.id}  ${formatJstTime(e.sentAt ?? e.createdAt)}  ${e.kind.padEnd(26)} ${e.status}${e.lastError && e.status !== 'sent' ? `: ${e.lastError}` : ''}\n`,
        );
    });
}
