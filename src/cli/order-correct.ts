import type { Command } from 'commander';
import { editOrder, voidOrder } from '../act/correct-order.js';
import { viewOrder } from '../domain/order-view.js';
import { parseInstant } from './args.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { out, printJson, printOrderLine } from './print.js';

interface EditFlags {
  expires?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  o?: string;
  ou?: string;
  l?: string;
  st?: string;
  note?: string;
  by?: string;
  json?: boolean;
  receivedAt?: string;
  approvalRequestedAt?: string;
  installedAt?: string;
}

/** `order edit` (correct what was typed) and `order void` (entered by mistake). */
export function register(order: Command, ctx: CliContext): void {
  order
    .command('edit')
    .description('correct an order: its expiry, contact or organization, with the checks they had when entered')
    .argument('<id>', 'order id')
    .option('--expires <iso>', "the certificate's not-after")
    .option('--contact-name <name>', 'contact person')
    .option('--contact-email <address>', "contact person's e-mail")
    .option('--contact-phone <number>', "contact person's phone")
    .option('--o <text>', 'organization (O)')
    .option('--ou <text>', 'organizational unit (OU)')
    .option('--l <text>', 'locality (L)')
    .option('--st <text>', 'state or prefecture (ST)')
    .option('--received-at <iso>', 'when the application came in')
    .option('--approval-requested-at <iso>', 'when JPRS sent the approval mail (moves the 26-day deadline)')
    .option('--installed-at <iso>', 'when the certificate was installed')
    .option('--note <text>', 'why, kept in the history')
    .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, f: EditFlags) => {
      const now = ctx.now();
      const done = await editOrder(
        await ctx.openStore(),
        id,
        {
          ...(f.expires ? { expiresAt: parseInstant('--expires', f.expires) } : {}),
          contact: { name: f.contactName, email: f.contactEmail, phone: f.contactPhone },
          organization: { O: f.o, OU: f.ou, L: f.l, ST: f.st },
          dates: {
            ...(f.receivedAt ? { receivedAt: parseInstant('--received-at', f.receivedAt) } : {}),
            ...(f.approvalRequestedAt
              ? { approvalRequestedAt: parseInstant('--approval-requested-at', f.approvalRequestedAt) }
              : {}),
            ...(f.installedAt ? { installedAt: parseInstant('--installed-at', f.installedAt) } : {}),
          },
        },
        now,
        { by: ctx.staffName(f.by), note: f.note },
      ).catch((err: unknown) => {
        // A zod check of the corrected contact or organization: one line naming the field.
        if (err && typeof err === 'object' && 'issues' in err)
          throw new UsageError(
            `order edit: ${(err as { issues: Array<{ path: unknown[]; message: string }> }).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        throw err;
      });
      if (f.json) return printJson(viewOrder(done.order, now));
      printOrderLine(viewOrder(done.order, now));
      for (const c of done.changed) out(`  ${c}\n`);
    });
  order
    .command('void')
    .description('an order entered by mistake: kept for the record, no further step or mail (undo takes it back)')
    .argument('<id>', 'order id')
    .requiredOption('--note <text>', 'why (required: kept in the history)')
    .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, f: { note: string; by?: string; json?: boolean }) => {
      const now = ctx.now();
      const done = await voidOrder(await ctx.openStore(), id, now, { by: ctx.staffName(f.by), note: f.note });
      if (f.json) return printJson(viewOrder(done.order, now));
      printOrderLine(viewOrder(done.order, now));
      for (const m of done.withdrawn) out(`  withdrew mail ${m} (not sent)\n`);
    });
}
