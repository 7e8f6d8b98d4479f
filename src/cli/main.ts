import { Command, CommanderError } from 'commander';
import { errorField } from '../log.js';
import { ZodError } from 'zod';
import { ConfigError } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { ListenerUnavailable } from '../inbound/errors.js';
import { RenderError } from '../outbox/render.js';
import { DataFolderUnusable, StoreCorrupt, StoreUnavailable } from '../store/errors.js';
import { CliContext } from './context.js';
import { ExitStatus, UsageError } from './errors.js';
import { register as registerCancel } from './cancel.js';
import { register as registerDeliver } from './deliver.js';
import { register as registerContact } from './contact.js';
import { register as registerDigest } from './digest.js';
import { register as registerInbound } from './inbound.js';
import { register as registerReminders } from './reminders.js';
import { register as registerStatus } from './status.js';
import { register as registerInspect } from './inspect.js';
import { register as registerOrderAdd } from './order-add.js';
import { register as registerOutbox } from './outbox.js';
import { register as registerPreview } from './preview.js';
import { register as registerOrderList } from './order-list.js';
import { register as registerOrderFind } from './order-find.js';
import { register as registerOrderCorrect } from './order-correct.js';
import { register as registerOrderShow } from './order-show.js';
import { register as registerOrderSteps, registerUndo, registerVerify } from './order-steps.js';
import { register as registerServe } from './serve.js';
import { register as registerWatch } from './watch.js';

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

export function buildProgram(ctx = new CliContext()): Command {
  const program = new Command('certdesk')
    .description('mail-handling service for the SSL certificate desk')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  registerServe(program, ctx);
  registerInspect(program);
  const order = program
    .command('order')
    .description('certificate orders: add, list, show, and one verb per staff step');
  registerOrderAdd(order, ctx);
  registerOrderList(order, ctx);
  registerOrderFind(order, ctx);
  registerOrderShow(order, ctx);
  registerOrderSteps(order, ctx);
  registerUndo(order, ctx);
  registerVerify(order, ctx);
  registerOrderCorrect(order, ctx);
  registerDeliver(program, ctx);
  registerCancel(program, ctx);
  registerInbound(program, ctx);
  registerContact(program, ctx);
  registerReminders(program, ctx);
  registerDigest(program, ctx);
  registerWatch(program, ctx);
  registerStatus(program, ctx);
  registerOutbox(program, ctx);
  registerPreview(program, ctx);
  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
  return program;
}

/** Doors and the service log their own events; every other command that wrote to the store is a staff action. */
const NOT_STAFF_ACTIONS = new Set(['serve', 'deliver']);

/** One log line for a command that changed the store (or tried to and was refused). */
function logStaffAction(ctx: CliContext, argv: string[], status: number, err?: unknown): void {
  if (!ctx.storeOpened || NOT_STAFF_ACTIONS.has(argv[0] ?? '')) return;
  if (status === 0 && ctx.commitsWritten === 0) return; // looked, changed nothing
  const fields = {
    event: status === 0 ? 'staff' : 'failure',
    command: argv,
    by: ctx.staffName(),
    commits: ctx.commitsWritten,
  };
  if (status === 0) ctx.log().info(fields, argv.slice(0, 2).join(' '));
  else ctx.log().warn({ ...fields, exit: status, ...errorField(err) }, `${argv.slice(0, 2).join(' ')}: refused`);
  ctx.closeLog();
}

export async function run(argv: string[]): Promise<number> {
  const ctx = new CliContext();
  let status: number;
  let failure: unknown;
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    status = 0;
  } catch (err) {
    failure = err;
    status = answer(err);
  }
  logStaffAction(ctx, argv, status, failure);
  return status;
}

/** The exit status an error comes to, its one line said on stderr. */
function answer(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage mistakes with 2.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof ExitStatus) {
    if (err.message) process.stderr.write(`certdesk: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return err.status;
  }
  if (isKnown(err)) {
    process.stderr.write(`certdesk: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
  process.stderr.write(`certdesk: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

process.exitCode = await run(process.argv.slice(2));
