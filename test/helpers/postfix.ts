import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { freePort } from './net.js';

const POSTFIX = ['/usr/sbin/postfix', '/usr/local/sbin/postfix'].find((p) => existsSync(p)) ?? null;

/**
 * A private Postfix (Debian package `postfix`), the MTA a desk puts in
 * front: where it is missing, its suite is skipped, loudly, unless
 * CERTDESK_REQUIRE_POSTFIX=1 (set by .ci/run) makes that a failure.
 * It must run as root (it drops to the `postfix` user itself).
 */
export function requirePostfixOrSkip(): boolean {
  const why = !POSTFIX
    ? 'Postfix (Debian package postfix) is not installed'
    : process.getuid?.() !== 0
      ? 'a private Postfix needs root to start'
      : spawnSync('id', ['postfix']).status !== 0
        ? 'there is no postfix user'
        : null;
  if (!why) return true;
  if (process.env.CERTDESK_REQUIRE_POSTFIX === '1') throw new Error(`CERTDESK_REQUIRE_POSTFIX=1 but ${why}`);
  process.stderr.write(`\n!!! SKIPPING THE POSTFIX (LMTP) SUITE: ${why}. Install it (apt-get install postfix).\n\n`);
  return false;
}

export interface PrivatePostfix {
  /** Its SMTP port on 127.0.0.1. */
  port: number;
  /** A folder the `postfix` user can reach, for the desk's data (and its LMTP socket). */
  deskDir: string;
  log(): string;
  stop(): void;
}

const id = (name: string, flag: '-u' | '-g') =>
  Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());

// Only the services a mail on its way to LMTP needs; none chrooted (the socket is under the test's folder).
const MASTER_CF = (port: number) => `${port === 0 ? '' : `127.0.0.1:${port} inet n - n - - smtpd`}
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

/**
 * Start a private Postfix: config, queue and log in a temp folder, SMTP on a
 * free loopback port, mail for the desk's domain handed over LMTP to
 * `lmtpSocket` — the three lines of main.cf the README gives a desk
 * (virtual_mailbox_domains, virtual_transport, recipient_delimiter).
 */
export async function startPostfix(options: {
  deskDomain: string;
  /** Where Postfix hands the desk's mail: `lmtp:unix:…` (a test), `discard:` (the bench's Postfix alone). */
  transport: (deskDir: string) => string;
}): Promise<PrivatePostfix> {
  const dir = tempDir('certdesk-postfix-');
  chmodSync(dir, 0o755); // the postfix user walks through it to the desk's socket
  const etc = join(dir, 'etc');
  const queue = join(dir, 'queue');
  const data = join(dir, 'data');
  const deskDir = join(dir, 'desk');
  for (const d of [etc, queue, data, deskDir]) mkdirSync(d);
  chownSync(data, id('postfix', '-u'), id('postfix', '-g'));
  // The desk's folder is shared with the postfix group, as the README says (the socket takes the folder's group).
  chownSync(deskDir, 0, id('postfix', '-g'));
  chmodSync(deskDir, 0o750);
  const port = await freePort();
  const maillog = join(dir, 'maillog');
  writeFileSync(
    join(etc, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${queue}`,
      `data_directory = ${data}`,
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      'myhostname = mx.postfix-test.example',
      'mydestination =',
      'mynetworks = 127.0.0.0/8',
      'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
      'smtpd_reject_unlisted_recipient = no',
      // No syslog here: Postfix logs to a file, or every error is invisible.
      `maillog_file = ${maillog}`,
      'maillog_file_prefixes = /tmp',
      'biff = no',
      'alias_maps =',
      'alias_database =',
      // What a desk adds:
      `virtual_mailbox_domains = ${options.deskDomain}`,
      `virtual_transport = ${options.transport(deskDir)}`,
      'recipient_delimiter = +',
      '',
    ].join('\n'),
  );
  writeFileSync(join(etc, 'master.cf'), MASTER_CF(port));
  const start = spawnSync(POSTFIX!, ['-c', etc, 'start'], { encoding: 'utf8' });
  const log = () => (existsSync(maillog) ? readFileSync(maillog, 'utf8') : '');
  if (start.status !== 0) throw new Error(`postfix did not start: ${start.stderr}${log()}`);
  return {
    port,
    deskDir,
    log,
    stop: () => void spawnSync(POSTFIX!, ['-c', etc, 'stop'], { encoding: 'utf8' }),
  };
}
