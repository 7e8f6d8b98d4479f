import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { Store } from '../src/store/store.js';
import { tempDir } from '../test/helpers/cli.js';
import { cancellationOf, storeWithOrders } from '../test/helpers/many-orders.js';
import { freePort } from '../test/helpers/net.js';

const BIG_MAILS = 40;
const BIG_MB = 20;
const CONNECTIONS = 8;

function bigMail(i: number): Buffer {
  const pdf = Buffer.alloc(Math.floor(BIG_MB * 1024 * 1024 * 0.74), i)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `From: sender${i}@big.example\r\nTo: ssl-desk@certdesk.localhost\r\nSubject: documents ${i}\r\nMessage-ID: <big-${i}@big.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease find the documents attached.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf}\r\n--b--\r\n`,
  );
}

/** The service's peak resident memory so far (Linux: VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * 40 mails of 20 MB over 8 connections at once, then one small reply: how
 * long until the small one is acted on, and the service's peak RSS. The
 * service runs as its own process, as it does for a desk.
 */
export async function bigMailBurst(): Promise<{
  smallMs: number;
  peakRssMb: number;
  bigSeconds: number;
  intakePeakRssMb: number;
}> {
  const dataDir = join(tempDir('certdesk-big-'), 'data');
  await storeWithOrders(join(dataDir, 'store.json'), 1);
  const port = await freePort();
  const svc = spawn(process.execPath, [join(import.meta.dirname, '../src/cli/main.js'), 'serve'], {
    env: { PATH: process.env.PATH ?? '', CERTDESK_DATA_DIR: dataDir, CERTDESK_LISTEN: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    svc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops')) resolve();
    });
    svc.once('exit', () => reject(new Error('the service did not start')));
  });
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: CONNECTIONS,
    ignoreTLS: true,
  });
  const started = performance.now();
  const envelope = { from: 'docs@big.example', to: ['ssl-desk@certdesk.localhost'] };
  const bigs = Array.from({ length: BIG_MAILS }, (_, i) => client.sendMail({ envelope, raw: bigMail(i) }));
  await Promise.all(bigs);
  const bigSeconds = (performance.now() - started) / 1000;
  const intakePeak = peakRssMb(svc.pid!);
  // The small reply, once every big one is taken (and waits to be read).
  const smallAt = performance.now();
  await nodemailer
    .createTransport({ host: '127.0.0.1', port, ignoreTLS: true })
    .sendMail({ envelope: { from: 'c1@example.co.jp', to: ['ssl-desk@certdesk.localhost'] }, raw: cancellationOf(1) });
  const store = new Store(join(dataDir, 'store.json'));
  let smallMs = NaN;
  let peak = peakRssMb(svc.pid!);
  for (let i = 0; i < 1200; i++) {
    peak = Math.max(peak, peakRssMb(svc.pid!));
    const small = (await store.read()).inbound.find((r) => r.messageId === '<cancel-1@example.co.jp>');
    if (small && small.status !== 'received') {
      smallMs = performance.now() - smallAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // And until every big one is read too, to see the whole peak.
  for (let i = 0; i < 1200; i++) {
    peak = Math.max(peak, peakRssMb(svc.pid!));
    if ((await store.read()).inbound.every((r) => r.status !== 'received')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  client.close();
  svc.kill('SIGTERM');
  await new Promise((r) => svc.once('exit', r));
  return { smallMs, peakRssMb: peak, bigSeconds, intakePeakRssMb: intakePeak };
}
