import { retriedWords } from '../act/action-words.js';
import { retryMail } from '../act/staff-decisions.js';
import type { Command } from 'commander';
import { formatJstTime } from '../domain/jst.js';
import { createTransport } from '../outbox/create-transport.js';
import { OutboxEntry } from '../outbox/outbox-entry.js';
import { OutboxSender } from '../outbox/sender.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, out } from './print.js';

const STATUSES = OutboxEntry.shape.status.options;

/** The outbox as `outbox list --json` prints it (stable keys; no bodies). */
function view(e: OutboxEntry) {
  return {
    id: e.id,
    orderId: e.orderId,
    kind: e.kind,
    to: e.to,
    subject: e.subject,
    status: e.status,
    attempts: e.attempts,
    createdAt: e.createdAt,
    nextAttemptAt: e.status === 'pending' ? e.nextAttemptAt : null,
    sentAt: e.sentAt,
    deliveredTo: e.deliveredTo,
    lastError: e.lastError,
    messageId: e.messageId,
  };
}

export function register(program: Command, ctx: CliContext): void {
  const outbox = program.command('outbox').description('outgoing mail: list, retry, send now');
  outbox
    .command('list')
    .description('list outgoing mail')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--json', 'print JSON')
    .action(async (flags: { status?: string; json?: boolean }) => {
      if (flags.status && !(STATUSES as readonly string[]).includes(flags.status))
        throw new UsageError(`--status ${flags.status}: expected one of ${STATUSES.join(', ')}`);
      const entries = (await (await ctx.openStore()).read()).outbox
        .filter((e) => !flags.status || e.status === flags.status)
        .map(view);
      if (flags.json) return printJson(entries);
      if (!entries.length) return void out('outbox is empty\n');
      for (const e of entries)
        out(
          `${e.id}  ${e.status.padEnd(9)} ${formatJstTime(e.sentAt ?? e.createdAt)}  ${(e.orderId ?? '-').padEnd(7)} ${e.kind.padEnd(26)} ${e.to.join(', ')}${e.lastError ? `  (${e.lastError})` : ''}\n`,
        );
    });
  outbox
    .command('retry')
    .description('send a failed (or bounced) mail again')
    .argument('<id>', 'outbox id, e.g. M-000012')
    .action(async (id: string) => {
      const store = await ctx.openStore();
      const e = await store.transaction((d) => retryMail(d, id, ctx.now()));
      out(retriedWords(e.id).join('\n') + '\n');
    });
  outbox
    .command('send')
    .description('send what is due now, without the service')
    .action(async () => {
      const store = await ctx.openStore();
      const transport = createTransport(ctx.settings());
      const sender = new OutboxSender(store, transport, { now: ctx.now }, await ctx.log());
      const tried = await sender.runOnce();
      await sender.stop();
      const data = await store.read();
      out(
        `tried ${tried}; pending ${data.outbox.filter((e) => e.status === 'pending').length}, failed ${data.outbox.filter((e) => e.status === 'failed').length}\n`,
      );
    });
}
