import type { Command } from 'commander';
import { runReminders } from '../act/run-reminders.js';
import { reminderSettings } from '../service-settings.js';
import { parseInstant } from './args.js';
import type { CliContext } from './context.js';
import { printJson, out } from './print.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('reminders')
    .description('customer reminders: approval deadlines, renewals, documents')
    .command('run')
    .description('queue every reminder due now (what the daily schedule does); expire passed approval windows')
    .option('--now <iso>', 'act as if it were this moment (default: now)')
    .option('--dry-run', 'list what is due; change nothing')
    .option('--json', 'print the actions as JSON')
    .action(async (flags: { now?: string; dryRun?: boolean; json?: boolean }) => {
      const now = flags.now ? parseInstant('--now', flags.now) : ctx.now();
      const store = await ctx.openStore();
      const run = await runReminders(store, now, ctx.mail(), reminderSettings(ctx.fullConfig()), {
        dryRun: flags.dryRun ?? false,
      });
      if (flags.json)
        return printJson({ dryRun: flags.dryRun ?? false, actions: run.actions, mails: run.mails.map((m) => m.id) });
      if (!run.actions.length) return void out('nothing due\n');
      for (const [i, a] of run.actions.entries()) {
        const detail =
          a.type === 'approval-reminder'
            ? `deadline ${a.deadline}, ${a.daysLeft} days left`
            : a.type === 'approval-expired'
              ? `deadline ${a.deadline} passed: order → approval_expired`
              : a.type === 'renewal-reminder'
                ? `renewal ${a.renewalDate}, ${a.daysLeft} days left`
                : `documents awaited ${a.waitingDays} days`;
        const mail = run.mails[i];
        out(`${a.orderId} ${a.type}: ${detail}${flags.dryRun ? ' (dry run)' : mail ? `; queued ${mail.id}` : ''}\n`);
      }
    });
}
