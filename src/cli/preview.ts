import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { out } from './print.js';
import { findOrder } from '../act/record-step.js';
import { enqueueMail, type MailRequest } from '../outbox/enqueue-mail.js';
import { isMailKind, MAIL_KIND_NAMES, MAIL_KINDS, type Locale } from '../outbox/mail-kinds.js';
import { orderMailNow } from '../outbox/order-mail-now.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { previewData, sampleOrder } from '../outbox/sample-data.js';
import { buildRaw } from '../outbox/transport.js';
import { emptyStore } from '../store/schema.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';

/** What a person reads of a mail: its headers decoded, then its text. */
function readable(entry: OutboxEntry, note: string): string {
  const lines = [
    `# ${note}`,
    `From: ${entry.from}`,
    `To: ${entry.to.join(', ')}`,
    ...(entry.replyTo ? [`Reply-To: ${entry.replyTo}`] : []),
    `Subject: ${entry.subject}`,
    `Message-ID: ${entry.messageId}`,
    ...(entry.inReplyTo ? [`In-Reply-To: ${entry.inReplyTo}`] : []),
    `Auto-Submitted: ${entry.autoSubmitted}`,
    '',
    entry.text.trimEnd(),
    '',
  ];
  return lines.join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('preview')
    .description(
      'show a mail as it would be sent: with --order, exactly the mail that order would get now; else sample data. Nothing is queued',
    )
    .argument('<kind>', MAIL_KIND_NAMES.join(', '))
    .option('--locale <ja|en>', 'language (default: the order’s, else ja)')
    .option('--order <id>', 'the mail this order would get now')
    .option('--out <file.eml>', 'write the whole RFC 5322 message to a file instead')
    .action(async (kind: string, flags: { locale?: string; order?: string; out?: string }) => {
      if (!isMailKind(kind))
        throw new UsageError(
          `unknown mail kind ${JSON.stringify(kind)}: expected one of ${MAIL_KIND_NAMES.join(', ')}`,
        );
      if (flags.locale && flags.locale !== 'ja' && flags.locale !== 'en')
        throw new UsageError(`--locale ${flags.locale}: expected ja or en`);
      const locale = flags.locale as Locale | undefined;
      let request: MailRequest;
      let note: string;
      if (flags.order) {
        const real = findOrder(await (await ctx.openStore()).read(), flags.order);
        const order = { ...real, locale: locale ?? real.locale };
        const now = orderMailNow(kind, order, ctx.now());
        if ('none' in now) throw new UsageError(now.none);
        request = { ...now.mail, key: 'preview' };
        note = `the ${kind} order ${order.id} would get now: ${now.what}`;
      } else {
        const order = sampleOrder(locale ?? 'ja');
        const staff = MAIL_KINDS[kind].audience === 'staff';
        request = {
          key: 'preview',
          kind,
          orderId: order.id,
          locale: order.locale,
          to: staff ? ctx.settings().staff : [order.contact.email],
          data: previewData(kind, order),
        };
        note = `${kind} with sample data (no --order): the values are examples`;
      }
      const entry = enqueueMail(emptyStore(), request, ctx.mail(), ctx.now());
      if (flags.out) writeFileSync(flags.out, await buildRaw(entry));
      else out(readable(entry, note));
    });
}
