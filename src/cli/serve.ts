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
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const service = await startService(ctx.fullConfig(), (line) => out(line + '\n'));
      const signal = await stopRequested;
      out(`${signal}: stopping\n`);
      await service.stop();
      out('stopped\n');
    });
}
