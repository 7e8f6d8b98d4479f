import type { Command } from 'commander';
import { formatJstTime } from '../domain/jst.js';
import { recordStep, undoStep } from '../act/record-step.js';
import { viewOrder } from '../domain/order-view.js';
import type { OrderEvent } from '../domain/transitions.js';
import { APPROVAL_METHODS, type ApprovalMethod } from '../domain/order.js';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { parseInstant } from './args.js';
import type { CliContext } from './context.js';
import { printJson, printOrderLine, out } from './print.js';
import { listening } from './listening.js';

interface StepFlags {
  at?: string;
  expires?: string;
  json?: boolean;
  note?: string;
  by?: string;
  method?: string;
  to?: string;
}

/** --method and --to, checked: one line naming the flag when wrong. */
function approvalFlags(f: StepFlags): ApprovalMethod {
  const method = f.method ?? 'email';
  if (!(APPROVAL_METHODS as readonly string[]).includes(method))
    throw new UsageError(`--method ${method}: expected one of ${APPROVAL_METHODS.join(', ')}`);
  if (f.to && (method !== 'email' || !z.email().safeParse(f.to).success))
    throw new UsageError(`--to ${f.to}: an e-mail address, with --method email`);
  return { method: method as ApprovalMethod['method'], ...(f.to ? { to: f.to } : {}) };
}

/**
 * One verb per staff step. They differ only in the event they record and the
 * option they take, so they are declared as data rather than six files.
 */
const STEPS: ReadonlyArray<{
  verb: string;
  describe: string;
  options?: Array<[string, string]>;
  event: (f: StepFlags) => OrderEvent;
}> = [
  {
    verb: 'documents-requested',
    describe: 'documents proving the organization are awaited by post',
    event: () => ({ type: 'documents_requested' }),
  },
  {
    verb: 'documents-received',
    describe: "the organization's documents have arrived",
    event: () => ({ type: 'documents_received' }),
  },
  {
    verb: 'approval-requested',
    describe: 'JPRS sent the domain-approval mail (starts the 26-day window; on an installed order, a renewal)',
    options: [
      ['--at <iso>', 'when JPRS sent it (default now)'],
      ['--method <email|dns|http|whois>', 'how JPRS checks the domain (default email; whois only before 2025-07-15)'],
      ['--to <address>', 'the address JPRS mails, when the desk knows it (with --method email)'],
    ],
    event: (f) => ({
      type: 'approval_requested',
      ...(f.at ? { at: parseInstant('--at', f.at) } : {}),
      ...(f.method || f.to ? { approval: approvalFlags(f) } : {}),
    }),
  },
  { verb: 'approved', describe: 'the WHOIS contact approved the domain', event: () => ({ type: 'approved' }) },
  { verb: 'phone-checked', describe: "JPRS's phone check is done (OV)", event: () => ({ type: 'phone_checked' }) },
  {
    verb: 'issued',
    describe: 'JPRS issued the certificate',
    options: [['--expires <iso>', "the certificate's not-after (sets the renewal date)"]],
    event: (f) => ({ type: 'issued', ...(f.expires ? { expiresAt: parseInstant('--expires', f.expires) } : {}) }),
  },
  {
    verb: 'installed',
    describe: "the certificate is installed on the customer's server",
    options: [['--at <iso>', 'when it was installed (default now)']],
    event: (f) => ({ type: 'installed', ...(f.at ? { at: parseInstant('--at', f.at) } : {}) }),
  },
];

export function register(order: Command, ctx: CliContext): void {
  for (const step of STEPS) {
    const cmd = order
      .command(step.verb)
      .description(step.describe)
      .argument('<id>', 'order id')
      .option('--json', 'print the order as JSON')
      .option('--note <text>', 'your words with the step, kept in its history')
      .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)');
    for (const o of step.options ?? []) cmd.option(...o);
    cmd.action(async (id: string, flags: StepFlags) => {
      const event = step.event(flags);
      const store = await ctx.openStore();
      const now = ctx.now();
      const { order: next, mails } = await recordStep(store, id, event, now, ctx.mail(), {
        by: ctx.staffName(flags.by),
        note: flags.note,
      });
      if (flags.json) printJson(viewOrder(next, now));
      else {
        printOrderLine(viewOrder(next, now));
        for (const m of mails) out(`  queued ${m.kind} mail ${m.id} to ${m.to.join(', ')}\n`);
        if (mails.length) out(`  ${await whenItGoes(ctx)}\n`);
      }
    });
  }
}

/** `order undo ID`: the last staff step taken back, its unsent mails withdrawn. */
export function registerUndo(order: Command, ctx: CliContext): void {
  order
    .command('undo')
    .description("take back the order's last staff step (its mails not yet sent are withdrawn)")
    .argument('<id>', 'order id')
    .option('--note <text>', 'why, kept in the history')
    .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { note?: string; by?: string; json?: boolean }) => {
      const now = ctx.now();
      const done = await undoStep(await ctx.openStore(), id, now, { by: ctx.staffName(flags.by), note: flags.note });
      if (flags.json) return printJson(viewOrder(done.order, now));
      out(
        `undid ${done.undid.event} of ${formatJstTime(done.undid.at)}: ${done.order.id} is ${done.order.status} again\n`,
      );
      for (const m of done.withdrawn) out(`  withdrew mail ${m} (not sent)\n`);
      for (const m of done.alreadySent) out(`  mail ${m} had already gone: tell the customer yourself\n`);
    });
}

/** Queued is not sent: say when it goes, by whether the service (its SMTP door) is up. */
async function whenItGoes(ctx: CliContext): Promise<string> {
  const { host, port } = ctx.settings().listen;
  return port !== 0 && (await listening(host, port))
    ? 'the running service sends it within seconds'
    : 'the service is not running: it goes out when the service runs (npm start), or now with: certdesk outbox send';
}
