import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError } from '../config.js';
import { MessageRefused } from '../inbound/errors.js';
import { StoreCorrupt, StoreUnavailable } from '../store/errors.js';
import type { CliContext } from './context.js';
import { ExitStatus, UsageError } from './errors.js';
import { runInModules } from './modules-runner.js';
import { printJson, out } from './print.js';

async function readStdin(ctx: CliContext): Promise<Buffer> {
  if (Buffer.isBuffer(ctx.stdin)) return ctx.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The running service took it (250), or said why not: 4xx try later (75), 5xx never (2). */
async function handedOver(ctx: CliContext, raw: Buffer, json: boolean): Promise<boolean> {
  const socket = ctx.settings().lmtpSocketPath;
  if (!socket) return false;
  const { handToService } = await import('../inbound/lmtp-handoff.js');
  const handoff = await handToService(socket, raw, ctx.settings().deskAddress);
  if (!handoff) return false;
  const reply = handoff.reply.replace(/^\d{3}\s+/, '');
  if (!handoff.taken)
    throw handoff.permanent
      ? new UsageError(`message refused: ${reply}`)
      : new ExitStatus(75, `the service cannot take the message now (${reply}); try again later`);
  const id = /\bI-\d+\b/.exec(reply)?.[0] ?? null;
  if (json) printJson({ id, handedTo: socket, reply });
  else out(`${id ?? 'message'} handed to the running service: ${reply}\n`);
  return true;
}

/**
 * The pipe door, for an MTA (`|certdesk deliver`) or a script. When the
 * service runs, the message goes to it over its LMTP socket (this process
 * never loads the parser); otherwise it is stored here and read at once.
 * Exit 0: the mail is stored (whatever it turned out to be); 2: refused for
 * good (empty, too large); 75 (EX_TEMPFAIL): cannot store it now, the MTA
 * keeps it and tries again.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('deliver')
    .description('take one message from FILE or standard input: to the running service, else stored and read here')
    .argument('[file]', 'the message (default: standard input)')
    .option('--json', 'print the inbound record as JSON')
    .action(async (file: string | undefined, flags: { json?: boolean }) => {
      const raw = file
        ? await readFile(file).catch((err: NodeJS.ErrnoException) => {
            throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
          })
        : await readStdin(ctx);
      try {
        if (raw.length && (await handedOver(ctx, raw, flags.json ?? false))) return;
        if (runInModules) {
          // Started from the startup snapshot, which holds no service: the modules store it (their line said).
          const status = await runInModules(['deliver', ...(flags.json ? ['--json'] : [])], raw);
          if (status !== 0) throw new ExitStatus(status, '');
          return;
        }
        const { storeHere } = await import('./deliver-here.js');
        await storeHere(ctx, raw, flags.json ?? false);
      } catch (err) {
        if (err instanceof UsageError || err instanceof ExitStatus) throw err;
        if (err instanceof MessageRefused) throw new UsageError(`message refused: ${err.message}`);
        if (err instanceof StoreUnavailable) throw new ExitStatus(75, `${err.message}; try again later`);
        if (err instanceof ConfigError || err instanceof StoreCorrupt) throw err;
        // Anything else may pass: the MTA keeps the message and tries again, rather than bounce it.
        throw new ExitStatus(75, `cannot take the message now: ${(err as Error).message}; try again later`);
      }
    });
}
