import type { Command } from 'commander';
import { watchServed } from '../act/watch-served.js';
import { watchOptions } from '../service-settings.js';
import { UsageError } from './errors.js';
import type { CliContext } from './context.js';
import { printJson, out } from './print.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('watch')
    .description("what installed orders' servers serve")
    .command('run')
    .description("ask every installed order's server now (what the daily job does); new findings go in the next digest")
    .option('--json', 'print the findings as JSON')
    .action(async (flags: { json?: boolean }) => {
      const config = ctx.fullConfig();
      if (config.tlsCheck === 'off') throw new UsageError('CERTDESK_TLS_CHECK is off: no server is asked');
      const run = await watchServed(await ctx.openStore(), ctx.now, watchOptions(config));
      if (flags.json) return printJson(run);
      out(`${run.checked} servers asked, ${run.unanswered} did not answer, ${run.findings.length} new findings\n`);
      for (const f of run.findings) out(`${f.orderId} ${f.kind}: ${f.detail}\n`);
    });
}
