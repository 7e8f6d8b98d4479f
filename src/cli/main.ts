import { run } from './run.js';

// The command-line entry (bin/certdesk.js): one command, its exit status. Tests call run() in-process.
process.exitCode = await run(process.argv.slice(2));
