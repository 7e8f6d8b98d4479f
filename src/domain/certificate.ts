import { getPublicSuffix } from 'tldts';
import { z } from 'zod';
import { CertificateRefused } from './errors.js';
import { DAY_IN_MS } from './jst.js';
import { maxValidityDays } from './policy.js';

const isoInstant = z.iso.datetime({ offset: true });

/** What the desk keeps of a certificate: read from its file, or from what a server serves. */
export const CertFacts = z.object({
  serial: z.string(),
  /** SHA-256 of the DER, upper-case hex with colons (as node:crypto and openssl print it). */
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  /** DNS names of the subjectAltName, lower case (A-labels). */
  dnsNames: z.array(z.string()),
  notBefore: isoInstant,
  notAfter: isoInstant,
});
export type CertFacts = z.infer<typeof CertFacts>;

/**
 * Whether a certificate name covers a host, as RFC 6125 (6.4.3) and the
 * Baseline Requirements read it: exact match, or a wildcard that is the
 * whole leftmost label standing for exactly one label (`*.example.jp`
 * covers `www.example.jp`, not `example.jp` nor `a.b.example.jp`). Case and
 * a trailing dot do not count. A wildcard order is covered only by the same
 * wildcard.
 */
export function nameCovers(certName: string, host: string): boolean {
  const name = certName.toLowerCase().replace(/\.$/, '');
  const want = host.toLowerCase().replace(/\.$/, '');
  if (name === want) return true;
  if (!name.startsWith('*.') || want.startsWith('*.')) return false;
  const rest = name.slice(2);
  // A wildcard over a public suffix alone (`*.jp`, `*.co.jp`) is never valid (Public Suffix List).
  if (rest.includes('*') || getPublicSuffix(rest, { allowPrivateDomains: false }) === rest) return false;
  const dot = want.indexOf('.');
  return dot > 0 && want.slice(dot + 1) === rest;
}

/** Whether the certificate is for this common name: by its SANs (the subject CN is not looked at, RFC 6125 6.4.4). */
export function coversCommonName(cert: Pick<CertFacts, 'dnsNames'>, commonName: string): boolean {
  return cert.dnsNames.some((n) => nameCovers(n, commonName));
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * The checks on an issued certificate before it becomes the order's:
 * for its common name, not expired, not longer than the longest validity
 * allowed on its issue date. Throws CertificateRefused naming the first problem.
 */
export function checkIssuedCertificate(order: { id: string; commonName: string }, cert: CertFacts, now: Date): void {
  if (!coversCommonName(cert, order.commonName))
    throw new CertificateRefused(
      order.id,
      `its names (${cert.dnsNames.join(', ') || 'none'}) do not cover ${order.commonName}`,
    );
  const notBefore = new Date(cert.notBefore);
  const notAfter = new Date(cert.notAfter);
  if (notAfter.getTime() <= now.getTime())
    throw new CertificateRefused(order.id, `it expired on ${day(cert.notAfter)}`);
  // notAfter is inclusive: a 200-day certificate ends one second before 200 × 24 h have passed.
  const lifetimeDays = (notAfter.getTime() - notBefore.getTime() + 1000) / DAY_IN_MS;
  const cap = maxValidityDays(notBefore);
  if (lifetimeDays > cap)
    throw new CertificateRefused(
      order.id,
      `it is valid for ${Math.round(lifetimeDays)} days (${day(cert.notBefore)} to ${day(cert.notAfter)}); one issued on ${day(cert.notBefore)} may be valid for at most ${cap} days`,
    );
}

/** One line of a certificate's facts, for staff: what tells two certificates apart. */
export function describeCert(cert: CertFacts): string {
  return `serial ${cert.serial}, issuer ${cert.issuer}, not-after ${cert.notAfter.slice(0, 10)}`;
}
