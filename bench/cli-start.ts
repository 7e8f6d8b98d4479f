import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDir } from '../test/helpers/cli.js';
import { buildMail } from '../test/helpers/mail.js';
import { storeWithOrders } from '../test/helpers/many-orders.js';
import { freePort } from '../test/helpers/net.js';

/** The command as staff and MTAs run it (what npm links: it starts Node from the build's startup snapshot). */
const COMMAND = resolve(import.meta.dirname, '../../bin/certdesk');
/** The service, started from the modules as `npm start` does. */
const BIN = resolve(import.meta.dirname, '../../bin/certdesk.js');
const RUNS = 15;

function timeMs(file: string, args: string[], env: Record<string, string>, input?: Buffer): number {
  const started = performance.now();
  const r = spawnSync(file, args, { env: { PATH: process.env.PATH ?? '', ...env }, input, stdio: 'pipe' });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface StartRow {
  command: string;
  ms: number;
  bareMs: number;
  ratio: number;
}

/**
 * How long `status`, `order list`, `order show` and `deliver` (to a running
 * service, over its LMTP socket) take from start to exit, against a bare
 * `node -e 0`: interleaved run by run, so both see the same machine.
 */
export async function cliStart(): Promise<StartRow[]> {
  const dataDir = join(tempDir('certdesk-start-'), 'data');
  await storeWithOrders(join(dataDir, 'store.json'), 1000);
  const port = await freePort();
  const env = { CERTDESK_DATA_DIR: dataDir, CERTDESK_LISTEN: `127.0.0.1:${port}`, CERTDESK_TLS_CHECK: 'off' };
  const svc = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    svc.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('Ctrl-C stops') && ok()));
    svc.once('exit', () => fail(new Error('the service did not start')));
  });
  const commands: Array<[string, string[], (() => Buffer)?]> = [
    ['status', ['status']],
    ['order list', ['order', 'list']],
    ['order show', ['order', 'show', 'C-0500']],
    ['deliver', ['deliver'], () => buildMail({ body: 'お問い合わせです。' })],
  ];
  const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  const bare: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      bare.push(timeMs(process.execPath, ['-e', '0'], {}));
      for (const [name, args, input] of commands) times.get(name)!.push(timeMs(COMMAND, args, env, input?.()));
    }
  } finally {
    svc.kill('SIGTERM');
  }
  const bareMs = medianOf(bare);
  return commands.map(([name]) => {
    const ms = medianOf(times.get(name)!);
    return { command: name, ms, bareMs, ratio: ms / bareMs };
  });
}
