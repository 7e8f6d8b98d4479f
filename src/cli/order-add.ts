import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseInstant } from './args.js';
import { addOrder } from '../act/add-order.js';
import { NewOrder } from '../domain/order.js';
import { viewOrder } from '../domain/order-view.js';
import { parseWith } from './args.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, printOrderDetail } from './print.js';

interface AddFlags {
  file?: string;
  contract?: string;
  cn?: string;
  validation?: string;
  o?: string;
  ou?: string;
  l?: string;
  st?: string;
  c?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  locale?: string;
  json?: boolean;
}

function readOrderFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--file ${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** Each field of an order and the flag that sets it: errors name the flag. */
const FLAG_OF: Record<string, string> = {
  contractId: '--contract',
  commonName: '--cn',
  validation: '--validation',
  'organization.O': '--o',
  'organization.OU': '--ou',
  'organization.L': '--l',
  'organization.ST': '--st',
  'organization.C': '--c',
  'contact.name': '--contact-name',
  'contact.email': '--contact-email',
  'contact.phone': '--contact-phone',
  locale: '--locale',
};

function fromFlags(f: AddFlags): unknown {
  return {
    contractId: f.contract,
    commonName: f.cn,
    validation: f.validation?.toUpperCase(),
    organization: { O: f.o, OU: f.ou, L: f.l, ST: f.st, C: f.c ?? 'JP' },
    contact: { name: f.contactName, email: f.contactEmail, phone: f.contactPhone },
    ...(f.locale ? { locale: f.locale } : {}),
  };
}

export function register(order: Command, ctx: CliContext): void {
  order
    .command('add')
    .description('add a certificate order (from flags or --file order.json)')
    .option('--file <order.json>', 'the order as JSON (see README)')
    .option('--contract <id>', 'contract id, e.g. K-1001')
    .option('--cn <name>', 'common name, e.g. www.example.co.jp or *.example.jp')
    .option('--validation <DV|OV>', 'domain- or organization-validated')
    .option('--o <text>', 'organization (O)')
    .option('--ou <text>', 'organizational unit (OU), optional')
    .option('--l <text>', 'locality (L)')
    .option('--st <text>', 'state or prefecture (ST)')
    .option('--c <JP>', 'country (always JP)')
    .option('--contact-name <name>', 'contact person')
    .option('--contact-email <address>', "contact person's e-mail")
    .option('--contact-phone <number>', "contact person's phone")
    .option('--locale <ja|en>', 'language of mails to the customer (default ja)')
    .option('--force', 'add it even when its common name is an open order of another contract')
    .option('--received-at <iso>', 'when the desk received the application (default now; an order entered late)')
    .option('--json', 'print the created order as JSON')
    .action(async (flags: AddFlags & { receivedAt?: string; force?: boolean }) => {
      const raw = flags.file ? readOrderFile(flags.file) : fromFlags(flags);
      const input = parseWith(NewOrder.strict(), raw, 'invalid order', flags.file ? {} : FLAG_OF);
      const store = await ctx.openStore({ create: true });
      const now = ctx.now();
      const received = flags.receivedAt ? parseInstant('--received-at', flags.receivedAt) : now;
      if (received.getTime() > now.getTime() + 5 * 60_000)
        throw new UsageError(`--received-at ${received.toISOString()} is in the future`);
      const created = await addOrder(store, input, received, { force: flags.force ?? false });
      if (flags.json) printJson(viewOrder(created, now));
      else printOrderDetail(viewOrder(created, now));
    });
}
