import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { tempDir } from './cli.js';
import { freePort } from './net.js';

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
export const DOVECOT = CANDIDATES.find((p) => existsSync(p)) ?? null;

/**
 * The Dovecot suite runs where Dovecot is installed (`.ci/run` installs it);
 * elsewhere it is skipped, loudly, unless CERTDESK_REQUIRE_IMAP=1 makes the
 * absence a failure.
 */
export function requireDovecotOrSkip(): boolean {
  if (DOVECOT) return true;
  const why = 'Dovecot (Debian package dovecot-imapd) is not installed';
  if (process.env.CERTDESK_REQUIRE_IMAP === '1') throw new Error(`CERTDESK_REQUIRE_IMAP=1 but ${why}`);
  process.stderr.write(
    `\n!!! SKIPPING THE IMAP SUITE: ${why}. Install it (apt-get install dovecot-imapd) to run it.\n\n`,
  );
  return false;
}

function idOf(name: string): { uid: number; gid: number } | null {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return u.status === 0 && g.status === 0 ? { uid: Number(u.stdout), gid: Number(g.stdout) } : null;
}

/** Resolves once the server greets with its capabilities (an open port is not readiness). */
async function greeting(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      let text = '';
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => {
        text += d;
        if (/CAPABILITY/.test(text)) {
          sock.destroy();
          resolve(true);
        }
      });
      sock.on('error', () => resolve(false));
      setTimeout(() => {
        sock.destroy();
        resolve(false);
      }, 1_000);
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Dovecot on port ${port} did not greet`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Dovecot {
  port: number;
  /** imap://USER:secret@127.0.0.1:PORT/MAILBOX: any user logs in, each with its own Maildir. */
  url(user: string, mailbox?: string): string;
  /** A client logged in as `user` (errors of an idle connection are ignored: it may time out while the other side works). */
  login(user: string): Promise<ImapFlow>;
  stop(): Promise<void>;
  /** Stop and start again on the same port (an outage, a restart mid-IDLE). */
  restart(): Promise<void>;
}

/** A private Dovecot on a free loopback port, config and mail under a temp folder. */
export async function startDovecot(): Promise<Dovecot> {
  if (!DOVECOT) throw new Error('Dovecot is not installed');
  const dir = tempDir('certdesk-dovecot-');
  chmodSync(dir, 0o755); // the mail uid must be able to enter it
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUser = root ? (idOf('dovecot') ?? { uid: me.uid, gid: me.gid }) : { uid: me.uid, gid: me.gid };
  for (const sub of ['run', 'state', 'log', 'mail']) mkdirSync(join(dir, sub));
  if (root) chownSync(join(dir, 'mail'), mailUser.uid, mailUser.gid);
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `instance_name = certdesk-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log/dovecot.log
protocols = imap
first_valid_uid = 1
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%n
${root ? 'default_login_user = dovenull\ndefault_internal_user = dovecot' : `default_login_user = ${me.username}\ndefault_internal_user = ${me.username}`}
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/mail/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const start = async () => {
    // The daemon keeps its caller's stdio open: give it none.
    const child = spawn(DOVECOT, ['-c', conf], { stdio: 'ignore', detached: true });
    child.unref();
    await greeting(port);
  };
  const stop = async () => {
    const pidFile = join(dir, 'run', 'master.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await start();
  return {
    port,
    url: (user, mailbox = 'INBOX') => `imap://${user}:secret@127.0.0.1:${port}/${encodeURIComponent(mailbox)}`,
    async login(user) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user, pass: 'secret' },
        logger: false,
      });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
