import { CliContext } from './context.js';
import { streams } from './print.js';
import { run, type CommandTable } from './run.js';

/**
 * Every command, in the order `--help` lists them, and where it lives. Only
 * the module of the command being run is loaded (`certdesk status` never
 * loads the mail parser, the IMAP client or the service): a command starts
 * within a few times a bare `node -e 0` (see `npm run bench`).
 */
const TOP: CommandTable['top'] = [
  ['serve', async () => [(await import('./serve.js')).register]],
  ['inspect', async () => [(await import('./inspect.js')).register]],
  ['order', async () => []], // its own table below
  ['deliver', async () => [(await import('./deliver.js')).register]],
  ['cancel', async () => [(await import('./cancel.js')).register]],
  ['inbound', async () => [(await import('./inbound.js')).register]],
  ['contact', async () => [(await import('./contact.js')).register]],
  ['reminders', async () => [(await import('./reminders.js')).register]],
  ['digest', async () => [(await import('./digest.js')).register]],
  ['watch', async () => [(await import('./watch.js')).register]],
  ['status', async () => [(await import('./status.js')).register]],
  ['outbox', async () => [(await import('./outbox.js')).register]],
  ['preview', async () => [(await import('./preview.js')).register]],
];

/** `order` and its verbs; the steps (approved, issued, …, undo, verify) share one module. */
const ORDER: CommandTable['order'] = [
  [['add'], async () => [(await import('./order-add.js')).register]],
  [['list'], async () => [(await import('./order-list.js')).register]],
  [['find'], async () => [(await import('./order-find.js')).register]],
  [['show'], async () => [(await import('./order-show.js')).register]],
  [
    null,
    async () => {
      const steps = await import('./order-steps.js');
      return [steps.register, steps.registerUndo, steps.registerVerify];
    },
  ],
  [['edit', 'void'], async () => [(await import('./order-correct.js')).register]],
];

/** Every command: the table the command line runs with (the startup snapshot holds a few of them ahead, snapshot.ts). */
export const COMMANDS: CommandTable = { top: TOP, order: ORDER };

/**
 * Run one certdesk command; its exit status. bin/certdesk.js runs it on the
 * process's own streams; a test may run it in-process with its own
 * environment, input and collected output (see runCollected).
 */
export function runCommand(argv: string[], ctx = new CliContext()): Promise<number> {
  return run(argv, COMMANDS, ctx);
}

/** One command given its standard input already read (a held command of the startup snapshot hands work on so). */
export function runCommandOn(argv: string[], stdin: Buffer): Promise<number> {
  return runCommand(argv, new CliContext(undefined, process.env, stdin));
}

/**
 * One command in this process, its output collected: what a test needs
 * without starting Node for each command. One at a time (the streams are
 * the module's); `serve` is not for this (it waits for a signal).
 */
export async function runCollected(
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdin: Buffer = Buffer.alloc(0),
): Promise<{ status: number; stdout: string; stderr: string }> {
  const saved = { ...streams };
  let stdout = '';
  let stderr = '';
  streams.out = (s) => void (stdout += s);
  streams.err = (s) => void (stderr += s);
  try {
    const status = await run(argv, COMMANDS, new CliContext(() => new Date(), env, stdin));
    return { status, stdout, stderr };
  } finally {
    Object.assign(streams, saved);
  }
}
