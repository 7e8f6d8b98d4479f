import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { CliContext } from './context.js';
import { HELD, HELD_ARGVS, holds } from './held-commands.js';
import { handWorkToModules } from './modules-runner.js';
import { SETTINGS } from '../config.js';
import { StoreShell } from '../store/check-records.js';
import { RECORD_SCHEMAS, StoreData } from '../store/schema.js';
import { warmSchemas } from '../store/warm-schemas.js';
import { buildProgram, run } from './run.js';

/*
 * What the command line's startup snapshot is made from (`npm run build`:
 * rolldown.config.mjs bundles this file and Node builds
 * dist/certdesk-cli.blob from it). The held commands
 * (held-commands.ts) are in it loaded, their modules run and their schemas
 * built, so bin/certdesk starts them in about the time of a bare Node. Any
 * other command (and --help, and a typo) is handed to the command line's own
 * modules, as bin/certdesk.js runs them.
 *
 * The snapshot keeps whatever ran while it was built: nothing at a module's
 * top may read the environment, the clock, the pid or a file (see
 * lock-owner.ts), and the build refuses a module that would hold TLS, HTTP or
 * a package it does not bundle (rolldown.config.mjs).
 */

/** The command line's own modules (certdesk-run.js in `folder`), loaded with require: a script built into a snapshot has no import() of its own. */
function modulesIn(folder: string): typeof import('./commands.js') {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(join(folder, 'certdesk-run.js'))('./certdesk-run.js') as typeof import('./commands.js');
}

/**
 * The folder this snapshot was built in. What a held module found by its own
 * place while the snapshot was built (the default data folder, the
 * templates) is that folder's: a snapshot copied elsewhere with its folder
 * (`cp -a`, the stamp's time kept) would read the old folder's store.
 */
const BUILT_IN = startupSnapshot.isBuildingSnapshot() ? realpathSync(import.meta.dirname) : '';

/** The folder of the blob this process started from (bin/certdesk names it), its links resolved. */
function startedFrom(): string {
  const args = process.execArgv;
  const at = args.indexOf('--snapshot-blob');
  const blob =
    at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--snapshot-blob='))?.slice('--snapshot-blob='.length);
  try {
    return blob ? dirname(realpathSync(blob)) : BUILT_IN;
  } catch {
    return BUILT_IN;
  }
}

// While the snapshot is built: each held command's program is built once (with a context that reads
// nothing), so its modules are loaded and run then, not at every start; and the schemas a command
// checks the store's records and its settings by are set up (zod does it at a schema's first parse,
// writing each object schema's fast path then).
if (startupSnapshot.isBuildingSnapshot())
  void Promise.all(HELD_ARGVS.map((argv) => buildProgram(new CliContext(), argv, HELD))).then(() => {
    warmSchemas([
      StoreData,
      StoreShell,
      ...Object.values(RECORD_SCHEMAS),
      ...Object.values(SETTINGS).map((s) => s.schema),
    ]);
    startupSnapshot.setDeserializeMainFunction(async () => {
      const argv = process.argv.slice(1); // started from a snapshot, Node has no script name in argv
      // Elsewhere than it was built, the snapshot hands every command to the modules where it is now.
      const folder = startedFrom();
      handWorkToModules((args, stdin) => modulesIn(folder).runCommandOn(args, stdin));
      process.exitCode =
        holds(argv) && folder === BUILT_IN ? await run(argv, HELD) : await modulesIn(folder).runCommand(argv);
    });
  });
