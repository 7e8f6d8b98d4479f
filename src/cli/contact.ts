import type { Command } from 'commander';
import { contactChangedWords, refusedChangeWords } from '../act/action-words.js';
import { staffContactChange, staffContactChangeIn } from '../act/staff-contact-change.js';
import { openApplication, proposedContact, refuseContactChange } from '../act/staff-decisions.js';
import { Contact } from '../domain/order.js';
import { viewOrder } from '../domain/order-view.js';
import { parseWith } from './args.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, out } from './print.js';

export function register(program: Command, ctx: CliContext): void {
  const contact = program.command('contact').description("the customer's contact person");
  contact
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
      const done = await staffContactChange(store, id, next, now, ctx.mail(), ctx.staffName());
      if (flags.json) return printJson(done.orders.map((o) => viewOrder(o, now)));
      out(contactChangedWords(done, now).join('\n') + '\n');
    });
  contact
    .command('apply')
    .description('apply the contact change a waiting application asks for (A-0007); old and new contact are told')
    .argument('<application>', 'change application id')
    .action(async (id: string) => {
      const store = await ctx.openStore();
      const now = ctx.now();
      const mail = ctx.mail();
      const done = await store.transaction((draft) => {
        const a = openApplication(draft, id);
        return staffContactChangeIn(draft, a.orderId, proposedContact(a), now, mail, ctx.staffName());
      });
      out(contactChangedWords(done, now).join('\n') + '\n');
    });
  contact
    .command('refuse')
    .description('turn a waiting contact change down (kept with why); tell the customer yourself')
    .argument('<application>', 'change application id')
    .requiredOption('--why <text>', 'why, kept with the application')
    .action(async (id: string, flags: { why: string }) => {
      if (!flags.why.trim()) throw new UsageError('--why must say why');
      const store = await ctx.openStore();
      const a = await store.transaction((draft) =>
        refuseContactChange(draft, id, flags.why.trim(), ctx.now(), ctx.staffName()),
      );
      out(refusedChangeWords(a.id, flags.why.trim()).join('\n') + '\n');
    });
}
