import type { Command } from 'commander';
import { staffContactChange } from '../act/staff-contact-change.js';
import { Contact } from '../domain/order.js';
import { viewOrder } from '../domain/order-view.js';
import { parseWith } from './args.js';
import type { CliContext } from './context.js';
import { printJson, printOrderLine, out } from './print.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('contact')
    .description("the customer's contact person")
    .command('change')
    .description("change the contact of an order (and of the contract's orders that had the same one); both are told")
    .argument('<id>', 'order id')
    .requiredOption('--name <name>', "the new contact's name")
    .requiredOption('--email <address>', "the new contact's e-mail")
    .requiredOption('--phone <number>', "the new contact's phone")
    .option('--json', 'print the changed orders as JSON')
    .action(async (id: string, flags: { name: string; email: string; phone: string; json?: boolean }) => {
      const next = parseWith(Contact, { name: flags.name, email: flags.email, phone: flags.phone }, 'contact');
      const store = await ctx.openStore();
      const now = ctx.now();
      const done = await staffContactChange(store, id, next, now, ctx.mail());
      if (flags.json) return printJson(done.orders.map((o) => viewOrder(o, now)));
      out(`${done.applicationId} completed\n`);
      for (const o of done.orders) printOrderLine(viewOrder(o, now));
      for (const m of done.mails) out(`  queued ${m.kind} mail ${m.id} to ${m.to.join(', ')}\n`);
    });
}
