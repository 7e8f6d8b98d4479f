import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { ConfigError } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { ListenerUnavailable } from '../inbound/errors.js';
import { RenderError } from '../outbox/errors.js';
import { DataFolderUnusable, StoreCorrupt, StoreUnavailable } from '../store/errors.js';
import { CliContext } from './context.js';
import { ExitStatus, UsageError } from './errors.js';
import { streams } from './print.js';

/** Errors whose message is the whole answer: one line on stderr, exit status 2. */
function isKnown(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    err instanceof DomainError ||
    err instanceof ConfigError ||
    err instanceof ListenerUnavailable ||
    err instanceof StoreCorrupt ||
    err instanceof DataFolderUnusable ||
    err instanceof StoreUnavailable ||
    err instanceof ZodError ||
    err instanceof RenderError
  );
}

export type Registrar = (parent: Command, ctx: CliContext) => void;
export type Loader = () => Promise<Registrar[]>;

/** Commands and where each lives: `order`'s verbs in a table of their own (names null: the verbs of one module). */
export interface CommandTable {
  top: Array<[name: string, load: Loader]>;
  order: Array<[names: string[] | null, load: Loader]>;
}

/** The words of argv that name a command (options such as --help are not). */
export const words = (argv: string[]) => argv.filter((a) => !a.startsWith('-'));

/**
 * The program with the commands argv asks for; every command of the table
 * when argv names none or one that is not there (so --help lists all, and a
 * typo is told as one).
 */
export async function buildProgram(ctx: CliContext, argv: string[], table: CommandTable): Promise<Command> {
  const program = new Command('certdesk')
    .description('mail-handling service for the SSL certificate desk')
    .exitOverride()
    .configureOutput({ writeOut: (s) => streams.out(s), writeErr: (s) => streams.err(s) })
    .showHelpAfterError(false);
  const [first, second] = words(argv);
  const top = table.top.filter(([name]) => name === first);
  for (const [name, load] of top.length ? top : table.top) {
    if (name !== 'order') {
      for (const register of await load()) register(program, ctx);
      continue;
    }
    const order = program
      .command('order')
      .description('certificate orders: add, list, show, and one verb per staff step');
    const named = table.order.filter(([names]) => names?.includes(second ?? ''));
    const verbs = first === 'order' && named.length ? named : table.order;
    for (const [, loadVerbs] of verbs) for (const register of await loadVerbs()) register(order, ctx);
  }
  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
  return program;
}

/** Doors and the service log their own events; every other command that wrote to the store is a staff action. */
const NOT_STAFF_ACTIONS = new Set(['serve', 'deliver']);

/** One log line for a command that changed the store (or tried to and was refused). */
async function logStaffAction(ctx: CliContext, argv: string[], status: number, err?: unknown): Promise<void> {
  if (!ctx.storeOpened || NOT_STAFF_ACTIONS.has(argv[0] ?? '')) return;
  if (status === 0 && ctx.commitsWritten === 0) return; // looked, changed nothing
  if (err instanceof ExitStatus && err.status === 1 && ctx.commitsWritten === 0) return; // status: something waits
  const { errorField } = await import('../log.js');
  const log = await ctx.log();
  const fields = {
    event: status === 0 ? 'staff' : 'failure',
    command: argv,
    by: ctx.staffName(),
    commits: ctx.commitsWritten,
  };
  if (status === 0) log.info(fields, argv.slice(0, 2).join(' '));
  else log.warn({ ...fields, exit: status, ...errorField(err) }, `${argv.slice(0, 2).join(' ')}: refused`);
  ctx.closeLog();
}

/**
 * Run one certdesk command of the table; its exit status. The command line
 * runs every command (commands.ts), its startup snapshot a few (snapshot.ts).
 */
export async function run(argv: string[], table: CommandTable, ctx = new CliContext()): Promise<number> {
  let status: number;
  let failure: unknown;
  try {
    await (await buildProgram(ctx, argv, table)).parseAsync(argv, { from: 'user' });
    status = 0;
  } catch (err) {
    failure = err;
    status = answer(err);
  }
  await logStaffAction(ctx, argv, status, failure);
  await ctx.close();
  return status;
}

/** The exit status an error comes to, its one line said on stderr. */
function answer(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage mistakes with 2.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof ExitStatus) {
    if (err.message) streams.err(`certdesk: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return err.status;
  }
  if (isKnown(err)) {
    streams.err(`certdesk: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
  streams.err(`certdesk: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}
