import type { Command } from 'commander';
import { out } from './print.js';
import { startService } from '../main.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the service (embedded default when nothing is configured); Ctrl-C stops it')
    .action(async () => {
      // Listen for the signals before anything starts, so an early Ctrl-C still stops cleanly; and
      // keep listening until the service has stopped: the lock library's exit hook (signal-exit)
      // re-raises a signal it finds no other listener for, killing the process mid-stop.
      // A repeated signal changes nothing: `npm start` and a terminal's Ctrl-C each deliver one.
      let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
      const listen = (on: boolean): void => {
        for (const s of ['SIGINT', 'SIGTERM'] as const) (on ? process.on : process.off).call(process, s, onSignal);
      };
      listen(true);
      try {
        // Not started: the error is the one line, and the signals are the system's again (finally).
        const service = await startService(ctx.fullConfig(), (line) => out(line + '\n'));
        const signal = await stopRequested;
        out(`${signal}: stopping\n`);
        await service.stop();
        out('stopped\n');
      } finally {
        listen(false);
      }
    });
}
