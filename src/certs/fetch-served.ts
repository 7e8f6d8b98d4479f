import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';
import type { CertFacts } from '../domain/certificate.js';
import type { ServedAnswer } from '../domain/served-check.js';
import { factsOf } from './read-certificate.js';
import type { TlsCheckSettings } from './tls-check-settings.js';

// The roots, read once per set of files: the daily watch asks every installed order's server with the same ones.
const ROOTS = new Map<string, string[]>();
function trustedRoots(settings: TlsCheckSettings): string[] {
  const files = settings.extraCaFiles ?? [];
  const key = files.join('\0');
  let roots = ROOTS.get(key);
  if (!roots) ROOTS.set(key, (roots = [...rootCertificates, ...files.map((f) => readFileSync(f, 'utf8'))]));
  return roots;
}

/** The served chain, leaf first, as facts (node hands it as a linked list that ends on a self-signed root). */
function chainOf(leaf: DetailedPeerCertificate): CertFacts[] {
  const out: CertFacts[] = [];
  const seen = new Set<string>();
  for (
    let c: DetailedPeerCertificate | undefined = leaf;
    c?.raw && !seen.has(c.fingerprint256);
    c = c.issuerCertificate
  ) {
    seen.add(c.fingerprint256);
    out.push(factsOf(new X509Certificate(c.raw)));
  }
  return out;
}

/**
 * What `host` serves on the configured port: a TLS handshake with SNI, the
 * chain read whether or not it is trusted (the verdict is the domain's, see
 * served-check.ts), never longer than the timeout. Never throws: a refused
 * connection, a handshake that fails, a server that does not speak TLS or
 * does not answer are each an answer.
 */
export function fetchServed(host: string, settings: TlsCheckSettings): Promise<ServedAnswer> {
  const target = `${settings.address ?? host}:${settings.port}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: ServedAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const socket = connect({
      host: settings.address ?? host,
      port: settings.port,
      servername: host,
      ca: trustedRoots(settings),
      rejectUnauthorized: false,
      // The name is checked against the order, not by node (it would only see the SNI host).
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(
      () => finish({ kind: 'no-answer', target, detail: `no TLS answer within ${settings.timeoutMs / 1000} s` }),
      settings.timeoutMs,
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      if (!peer?.raw) return finish({ kind: 'handshake-failed', target, detail: 'the server sent no certificate' });
      finish({
        kind: 'served',
        target,
        chain: chainOf(peer),
        trusted: socket.authorized,
        ...(socket.authorizationError ? { untrustedWhy: String(socket.authorizationError) } : {}),
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      finish({
        kind:
          err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH'
            ? 'no-answer'
            : 'handshake-failed',
        target,
        detail: `${err.code ?? 'error'}: ${err.message.split('\n')[0]}`,
      }),
    );
  });
}
