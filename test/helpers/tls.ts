import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { join } from 'node:path';
import { tempDir } from './cli.js';

/** Debian's openssl makes the tests' certificates (a CA, leaves with any dates). */
const HAVE_OPENSSL = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;

/**
 * The certificate suites run where openssl is installed (`.ci/run` installs
 * it); elsewhere they are skipped, loudly, unless CERTDESK_REQUIRE_TLS=1
 * makes the absence a failure.
 */
export function requireOpensslOrSkip(): boolean {
  if (HAVE_OPENSSL) return true;
  const why = 'openssl (Debian package openssl) is not installed';
  if (process.env.CERTDESK_REQUIRE_TLS === '1') throw new Error(`CERTDESK_REQUIRE_TLS=1 but ${why}`);
  process.stderr.write(`\n!!! SKIPPING THE TLS CERTIFICATE SUITE: ${why}. Install it (apt-get install openssl).\n\n`);
  return false;
}

function openssl(args: string[], cwd: string, env: Record<string, string> = {}): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
}

const CA_CONFIG = `[ ca ]
default_ca = my
[ my ]
dir = .
database = ./index.txt
new_certs_dir = ./new
serial = ./serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = CA:false
subjectAltName = $ENV::SAN
`;

export interface TestCa {
  name: string;
  dir: string;
  certFile: string;
  issue(options: { names: string[]; from?: string; to?: string; days?: number }): TestCert;
}

export interface TestCert {
  certFile: string;
  keyFile: string;
  /** Leaf and the CA, as a CA delivers them. */
  chainFile: string;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
let serialBase = 0x1000 + Math.floor(Math.random() * 0xffff);
/** openssl reads the serial file as hex bytes: an odd number of digits is refused. */
const serialHex = (n: number) => {
  const hex = n.toString(16).toUpperCase();
  return hex.length % 2 ? '0' + hex : hex;
};

/** A CA of the test's own: trusted only where the test says so (CERTDESK_TLS_CHECK_CA). */
export function makeCa(name: string): TestCa {
  const dir = tempDir('certdesk-ca-');
  mkdirSync(join(dir, 'new'));
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), serialHex((serialBase += 0x100)) + '\n');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-subj',
      `/O=${name}/CN=${name} Root`,
    ],
    dir,
  );
  let n = 0;
  return {
    name,
    dir,
    certFile: join(dir, 'ca.pem'),
    issue({ names, from, to, days = 90 }) {
      const base = `leaf${++n}`;
      const start = from ? new Date(from) : new Date(Date.now() - 3_600_000);
      const end = to ? new Date(to) : new Date(start.getTime() + days * 86_400_000);
      openssl(['req', ...ec, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${names[0]}`], dir);
      openssl(
        [
          'ca',
          '-batch',
          '-config',
          'ca.cnf',
          '-extensions',
          'leaf',
          '-cert',
          'ca.pem',
          '-keyfile',
          'ca.key',
          '-in',
          `${base}.csr`,
          '-out',
          `${base}.pem`,
          '-startdate',
          stamp(start),
          '-enddate',
          stamp(end),
          '-notext',
        ],
        dir,
        { SAN: names.map((d) => `DNS:${d}`).join(',') },
      );
      const chainFile = join(dir, `${base}-chain.pem`);
      writeFileSync(
        chainFile,
        readFileSync(join(dir, `${base}.pem`), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'),
      );
      return { certFile: join(dir, `${base}.pem`), keyFile: join(dir, `${base}.key`), chainFile };
    },
  };
}

/** A customer's web server on loopback, serving one certificate (chain), whose certificate can be swapped. */
export async function startTlsServer(
  cert: TestCert,
): Promise<{ port: number; serve(cert: TestCert): void; close(): Promise<void> }> {
  const context = (c: TestCert) => ({ key: readFileSync(c.keyFile), cert: readFileSync(c.chainFile) });
  const server: Server = createServer(context(cert), (socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n'));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    serve: (c) => server.setSecureContext(context(c)),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A server that takes the connection and never says a word (the check must time out), or one that speaks plain HTTP. */
export async function startSilentServer(mode: 'silent' | 'plain'): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    if (mode === 'plain') s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
