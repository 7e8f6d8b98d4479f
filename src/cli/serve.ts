import type { Command } from 'commander';
import { out } from './print.js';
import { startService } from '../main.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the service (embedded default when nothing is configured); Ctrl-C stops it')
    .action(async () => {
      // Listen for the signals before anything starts, so an early Ctrl-C still stops cleanly.
      let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let service;
      try {
        service = await startService(ctx.fullConfig(), (line) => out(line + '\n'));
      } catch (err) {
        // Not started: the signals are the system's again, and the error is the one line.
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        throw err;
      }
      const signal = await stopRequested;
      out(`${signal}: stopping\n`);
      await service.stop();
      out('stopped\n');
    });
}
