import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { MessageRefused } from '../inbound/errors.js';
import { inboundPipeline } from '../main.js';
import { ConfigError } from '../config.js';
import { StoreCorrupt, StoreUnavailable } from '../store/errors.js';
import type { CliContext } from './context.js';
import { ExitStatus, UsageError } from './errors.js';
import { printJson, out } from './print.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The pipe door, for an MTA (`|certdesk deliver`) or a script. Exit 0: the
 * mail is stored (whatever it turned out to be); 2: refused for good (empty,
 * too large); 75 (EX_TEMPFAIL): cannot store it now, the MTA keeps it and
 * tries again.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('deliver')
    .description('take one message from FILE or standard input, store it raw, then read and act on it')
    .argument('[file]', 'the message (default: standard input)')
    .option('--json', 'print the inbound record as JSON')
    .action(async (file: string | undefined, flags: { json?: boolean }) => {
      const raw = file
        ? await readFile(file).catch((err: NodeJS.ErrnoException) => {
            throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
          })
        : await readStdin();
      try {
        const config = ctx.fullConfig();
        const store = await ctx.openStore({ create: true });
        const pipeline = inboundPipeline(config, store, ctx.log());
        const { record, duplicate } = await pipeline.receive(raw, { via: 'pipe' });
        const done = await pipeline.processOrQuarantine(record.id);
        if (flags.json) return printJson({ ...done, duplicate });
        out(
          `${done.id} ${duplicate ? 'already stored' : 'stored'}: ${done.outcome ?? done.status}${done.orderId ? ` ${done.orderId}` : ''}${done.note ? ` (${done.note})` : ''}\n`,
        );
      } catch (err) {
        if (err instanceof MessageRefused) throw new UsageError(`message refused: ${err.message}`);
        if (err instanceof StoreUnavailable) throw new ExitStatus(75, `${err.message}; try again later`);
        if (err instanceof ConfigError || err instanceof StoreCorrupt) throw err;
        // Anything else may pass: the MTA keeps the message and tries again, rather than bounce it.
        throw new ExitStatus(75, `cannot take the message now: ${(err as Error).message}; try again later`);
      }
    });
}
