import type { Command } from 'commander';
import { out } from './print.js';
import { sendDigest } from '../act/send-digest.js';
import { buildDigest } from '../domain/digest.js';
import { digestOptions } from '../service-settings.js';
import { digestData } from '../outbox/digest-mail.js';
import { renderMail } from '../outbox/render.js';
import { parseInstant } from './args.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('digest')
    .description("the staff digest: everything waiting for the desk's staff")
    .command('send')
    .description("queue today's digest to the staff addresses (once a day; none when nothing is pending)")
    .option('--now <iso>', 'act as if it were this moment (default: now)')
    .option('--print', 'print it instead; queue nothing')
    .action(async (flags: { now?: string; print?: boolean }) => {
      const now = flags.now ? parseInstant('--now', flags.now) : ctx.now();
      const config = ctx.fullConfig();
      const options = digestOptions(config);
      const store = await ctx.openStore();
      if (flags.print) {
        const digest = buildDigest(await store.read(), now, options.settings);
        const mail = renderMail('staff-digest', options.locale, {
          ...digestData(digest, options.locale),
          deskName: config.deskName,
          deskAddress: config.deskAddress,
        });
        return void out(`Subject: ${mail.subject}\n\n${mail.text}`);
      }
      const sent = await sendDigest(store, now, ctx.mail(), options);
      out(
        sent.mail
          ? `digest of ${sent.digest.date}: ${sent.digest.total} item${sent.digest.total === 1 ? '' : 's'}; queued ${sent.mail.id} to ${sent.mail.to.join(', ')}\n`
          : `digest of ${sent.digest.date}: nothing pending; none sent\n`,
      );
    });
}
