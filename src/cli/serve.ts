import type { Command } from 'commander';
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
      const service = await startService(ctx.fullConfig(), (line) => process.stdout.write(line + '\n'));
      const signal = await stopRequested;
      process.stdout.write(`${signal}: stopping\n`);
      await service.stop();
      process.stdout.write('stopped\n');
    });
}
