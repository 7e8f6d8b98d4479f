import { X509Certificate } from 'node:crypto';
import type { CertFacts } from '../domain/certificate.js';

/** A file or a served chain that holds no readable certificate. */
export class UnreadableCertificate extends Error {
  readonly code = 'CERTIFICATE_UNREADABLE';
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The DNS names of a subjectAltName as node prints it (`DNS:a, DNS:"b,c"`, quoted when it must be). */
function dnsNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  const names: string[] = [];
  for (const m of subjectAltName.matchAll(/(?:^|, )DNS:("(?:[^"\\]|\\.)*"|[^,]*)/g)) {
    const raw = m[1]!;
    names.push((raw.startsWith('"') ? (JSON.parse(raw) as string) : raw).toLowerCase());
  }
  return names;
}

/** "C=JP\nO=JPRS\nCN=JPRS DV CA" → "CN=JPRS DV CA, O=JPRS, C=JP": the way people read a name, most specific first. */
const distinguishedName = (dn: string) => dn.split('\n').filter(Boolean).reverse().join(', ');

export function factsOf(cert: X509Certificate): CertFacts {
  return {
    serial: cert.serialNumber.toUpperCase(),
    fingerprint256: cert.fingerprint256,
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    dnsNames: dnsNames(cert.subjectAltName),
    notBefore: new Date(Date.parse(cert.validFrom)).toISOString(),
    notAfter: new Date(Date.parse(cert.validTo)).toISOString(),
  };
}

/**
 * The certificates of a PEM file, leaf first (a leaf alone, or leaf and
 * chain as a CA delivers them). Throws UnreadableCertificate when there is none.
 */
export function readPemChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (!blocks.length) throw new UnreadableCertificate('no PEM certificate (-----BEGIN CERTIFICATE-----) in it');
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (err) {
      throw new UnreadableCertificate(`certificate ${i + 1} cannot be read: ${(err as Error).message}`);
    }
  });
}
