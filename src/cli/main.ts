import { runCommand } from './commands.js';

// The command-line entry (bin/certdesk.js): one command, its exit status. Tests call runCollected() in-process.
process.exitCode = await runCommand(process.argv.slice(2));
