import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { out } from './print.js';
import { findOrder } from '../act/record-step.js';
import { enqueueMail } from '../outbox/enqueue-mail.js';
import { isMailKind, MAIL_KIND_NAMES, MAIL_KINDS } from '../outbox/mail-kinds.js';
import { previewData, sampleOrder } from '../outbox/sample-data.js';
import { buildRaw } from '../outbox/transport.js';
import { emptyStore } from '../store/schema.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('preview')
    .description('render a mail with sample data (or a real order) as an RFC 5322 message; nothing is queued')
    .argument('<kind>', MAIL_KIND_NAMES.join(', '))
    .option('--locale <ja|en>', 'language (default: the order’s, else ja)')
    .option('--order <id>', 'use this order’s data')
    .option('--out <file.eml>', 'write the message to a file instead of standard output')
    .action(async (kind: string, flags: { locale?: string; order?: string; out?: string }) => {
      if (!isMailKind(kind))
        throw new UsageError(
          `unknown mail kind ${JSON.stringify(kind)}: expected one of ${MAIL_KIND_NAMES.join(', ')}`,
        );
      if (flags.locale && flags.locale !== 'ja' && flags.locale !== 'en')
        throw new UsageError(`--locale ${flags.locale}: expected ja or en`);
      let order = sampleOrder((flags.locale as 'ja' | 'en' | undefined) ?? 'ja');
      if (flags.order) {
        const real = findOrder(await (await ctx.openStore()).read(), flags.order);
        order = { ...real, locale: (flags.locale as 'ja' | 'en' | undefined) ?? real.locale };
        if (kind === 'setup-completion' && !order.steps.installedAt)
          throw new UsageError(`order ${order.id} is not installed yet`);
      }
      const audience = MAIL_KINDS[kind].audience;
      const entry = enqueueMail(
        emptyStore(),
        {
          key: 'preview',
          kind,
          orderId: order.id,
          locale: order.locale,
          to: audience === 'staff' ? ctx.settings().staff : [order.contact.email],
          data: previewData(kind, order),
        },
        ctx.mail(),
        ctx.now(),
      );
      const raw = await buildRaw(entry);
      if (flags.out) writeFileSync(flags.out, raw);
      else out(raw.toString());
    });
}
