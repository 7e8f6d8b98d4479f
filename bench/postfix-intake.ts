import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../test/helpers/cli.js';
import { freePort } from '../test/helpers/net.js';
import { startPostfix } from '../test/helpers/postfix.js';

const BIN = resolve(import.meta.dirname, '../../bin/certdesk.js');
const SMTP_SOURCE = '/usr/sbin/smtp-source';
const DESK = 'ssl-desk@biz-mail.example.jp';

export interface IntakePair {
  shape: string;
  certdesk: number;
  postfix: number;
  ratio: number;
}

/** Postfix's own load generator: `mails` of 2.5 KB over `sessions` connections (reused with -d); mails/s. */
function smtpSource(port: number, mails: number, sessions: number, reuse: boolean): number {
  const started = performance.now();
  const r = spawnSync(
    SMTP_SOURCE,
    [
      ...(reuse ? ['-d'] : []),
      '-s',
      String(sessions),
      '-m',
      String(mails),
      '-l',
      '2560',
      '-c',
      '-f',
      'load@bench.example',
      '-t',
      DESK,
      `127.0.0.1:${port}`,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`smtp-source: ${r.stderr}`);
  return mails / ((performance.now() - started) / 1000);
}

/**
 * SMTP intake against a real peer: Postfix with its durable queue (mail
 * then discarded) and certdesk's SMTP door (as its own process, the
 * embedded default, its own SPF/DKIM/DMARC off as Postfix has none here),
 * both fsyncing before they answer 250, driven alike by smtp-source. Null
 * when Postfix (or root, to start it) is missing.
 */
export async function postfixIntake(mails: number, rounds: number): Promise<IntakePair[] | null> {
  if (!existsSync(SMTP_SOURCE) || process.getuid?.() !== 0 || spawnSync('id', ['postfix']).status !== 0) return null;
  const postfix = await startPostfix({ deskDomain: 'biz-mail.example.jp', transport: () => 'discard:' });
  const port = await freePort();
  const dataDir = join(tempDir('certdesk-intake-'), 'data');
  const svc = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      CERTDESK_DATA_DIR: dataDir,
      CERTDESK_LISTEN: `127.0.0.1:${port}`,
      CERTDESK_DESK_ADDRESS: DESK,
      CERTDESK_SMTP_VERIFY: 'off',
      CERTDESK_MAX_CONNECTIONS: '100',
      CERTDESK_STAFF_NOTIFY: 'digest',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise<void>((ok, fail) => {
      let out = '';
      svc.stdout!.on('data', (d: Buffer) => ((out += d.toString()), out.includes('Ctrl-C stops') && ok()));
      svc.once('exit', () => fail(new Error('the service did not start')));
    });
    const shapes: Array<[string, number, boolean]> = [
      ['5 reused connections', 5, true],
      ['50 connections, one mail each', 50, false],
    ];
    const out: IntakePair[] = [];
    for (const [shape, sessions, reuse] of shapes) {
      const pairs: Array<[number, number]> = [];
      for (let i = 0; i < rounds; i++)
        pairs.push([smtpSource(port, mails, sessions, reuse), smtpSource(postfix.port, mails, sessions, reuse)]);
      pairs.sort((a, b) => a[0] / a[1] - b[0] / b[1]);
      const [ours, theirs] = pairs[Math.floor(pairs.length / 2)]!;
      out.push({ shape, certdesk: ours, postfix: theirs, ratio: ours / theirs });
    }
    return out;
  } finally {
    svc.kill('SIGTERM');
    postfix.stop();
  }
}
