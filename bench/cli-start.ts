import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDir } from '../test/helpers/cli.js';
import { buildMail } from '../test/helpers/mail.js';
import { storeWithOrders } from '../test/helpers/many-orders.js';
import { freePort } from '../test/helpers/net.js';
import { newInboundRecord } from '../src/inbound/intake.js';
import { compactionThreshold, Store } from '../src/store/store.js';
import { statSync } from 'node:fs';

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

/**
 * Mail taken and read (a record added, then what was made of it) until the journal is half the size
 * at which it is folded into a new snapshot: what a command replays at its start on an average day.
 */
async function journalHalfFull(file: string): Promise<void> {
  const half = compactionThreshold(statSync(file).size) / 2;
  const store = new Store(file);
  for (let n = 1; (statSync(`${file}.journal`, { throwIfNoEntry: false })?.size ?? 0) < half; n++) {
    const id = `I-${String(n).padStart(6, '0')}`;
    const sha = n.toString(16).padStart(64, '0');
    await store.transaction((d) => {
      d.counters.inbound = n;
      d.inbound.push(
        newInboundRecord(
          id,
          { sha256: sha, size: 2560, messageId: `<${n}@example.co.jp>` },
          { via: 'smtp', envelopeFrom: 'c1@example.co.jp', envelopeTo: ['ssl-desk@certdesk.localhost'] },
          new Date(),
        ),
      );
    });
    await store.transaction((d) => {
      Object.assign(d.inbound[n - 1]!, {
        status: 'processed',
        from: 'c1@example.co.jp',
        subject: 'Re: SSLサーバ証明書の設定完了のお知らせ',
        intent: 'other',
        outcome: 'other-for-staff',
        processedAt: new Date().toISOString(),
        why: ['no cancellation asked: a question about the invoice'],
      });
    });
  }
  await store.close();
}

export interface StartRow {
  command: string;
  ms: number;
  bareMs: number;
  ratio: number;
}

/**
 * How long `status`, `order list`, `order show` and `deliver` (to a running
 * service, over its LMTP socket) take from start to exit, against a bare
 * `node -e 0`: interleaved run by run, so both see the same machine. The
 * store holds 1,000 orders and a journal half as long as it grows before it
 * is folded (a store just folded would hide what a command replays).
 */
export async function cliStart(): Promise<StartRow[]> {
  const dataDir = join(tempDir('certdesk-start-'), 'data');
  await storeWithOrders(join(dataDir, 'store.json'), 1000);
  await journalHalfFull(join(dataDir, 'store.json'));
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
