import { coversCommonName, describeCert, type CertFacts } from './certificate.js';
import { jstDate } from './jst.js';

/** What a TLS connection to the customer's server gave (fetch-served.ts). */
export type ServedAnswer =
  | { kind: 'served'; target: string; chain: CertFacts[]; trusted: boolean; untrustedWhy?: string }
  | { kind: 'no-answer' | 'handshake-failed'; target: string; detail: string };

export type ServedVerdict =
  { verified: true; leaf: CertFacts; note?: string } | { verified: false; problem: string; leaf?: CertFacts };

/**
 * Whether the server serves the certificate the desk installed: the same
 * certificate (by SHA-256 fingerprint), for the name, not expired, on a
 * chain that leads to a trusted root. Without the issued certificate on
 * record (no `--cert`), the served one must at least be for the name, valid,
 * trusted, and end on the recorded expiry day.
 */
export function judgeServed(
  order: { commonName: string; expiresAt?: string | undefined },
  issued: CertFacts | null | undefined,
  answer: ServedAnswer,
  now: Date,
): ServedVerdict {
  if (answer.kind !== 'served')
    return {
      verified: false,
      problem: `${answer.kind === 'no-answer' ? 'no answer from' : 'TLS handshake failed with'} ${answer.target}: ${answer.detail}`,
    };
  const leaf = answer.chain[0]!;
  const served = `the server at ${answer.target} serves ${describeCert(leaf)}`;
  if (issued && leaf.fingerprint256 !== issued.fingerprint256)
    return {
      verified: false,
      leaf,
      problem: `installed, but ${served}${leaf.issuer !== issued.issuer ? ` (another issuer: the issued one is from ${issued.issuer})` : ''}, not the issued certificate (serial ${issued.serial})`,
    };
  if (new Date(leaf.notAfter).getTime() <= now.getTime())
    return { verified: false, leaf, problem: `installed, but ${served}: expired` };
  if (!coversCommonName(leaf, order.commonName))
    return {
      verified: false,
      leaf,
      problem: `installed, but ${served}, for ${leaf.dnsNames.join(', ') || 'no name'}, not ${order.commonName}`,
    };
  if (!answer.trusted)
    return {
      verified: false,
      leaf,
      problem: `installed, but the chain the server at ${answer.target} sends does not lead to a trusted root (${answer.untrustedWhy ?? 'untrusted'}): is the intermediate certificate configured?`,
    };
  if (!issued && order.expiresAt && jstDate(new Date(leaf.notAfter)) !== jstDate(new Date(order.expiresAt)))
    return {
      verified: false,
      leaf,
      problem: `installed, but ${served}, not the recorded expiry ${jstDate(new Date(order.expiresAt))}`,
    };
  return issued
    ? { verified: true, leaf }
    : {
        verified: true,
        leaf,
        note: 'no issued certificate on record: checked by name, validity, trust and expiry day',
      };
}

/** The certificate an installed order's server should serve: the issued one, else the one seen at the install check. */
export function installedCertificate(order: {
  certificate?: CertFacts | undefined;
  install?: { served?: CertFacts | undefined } | undefined;
}): CertFacts | undefined {
  return order.certificate ?? order.install?.served;
}

export interface WatchFinding {
  kind: 'replaced' | 'expired' | 'near-expiry';
  fingerprint256: string;
  detail: string;
  served: CertFacts;
}

/**
 * What the daily watch makes of what an installed order's server serves:
 * another certificate than the one installed (from another CA: a likely
 * cancellation or transfer), an expired one, or one near its end with no
 * renewal started. A server that does not answer is no finding (a server
 * down for a night is not the desk's news; the next day asks again).
 */
export function watchFindings(
  order: {
    id: string;
    renewal: unknown;
    certificate?: CertFacts | undefined;
    install?: { served?: CertFacts | undefined } | undefined;
  },
  answer: ServedAnswer,
  now: Date,
  nearExpiryDays: number,
): WatchFinding[] {
  if (answer.kind !== 'served') return [];
  const leaf = answer.chain[0]!;
  const known = installedCertificate(order);
  const found: WatchFinding[] = [];
  const finding = (kind: WatchFinding['kind'], detail: string) =>
    found.push({ kind, fingerprint256: leaf.fingerprint256, detail, served: leaf });
  if (known && leaf.fingerprint256 !== known.fingerprint256) {
    const otherCa = leaf.issuer !== known.issuer;
    finding(
      'replaced',
      `${answer.target} now serves another certificate${otherCa ? ' from another CA (a likely cancellation or transfer)' : ''}: ${describeCert(leaf)}; installed was ${describeCert(known)}`,
    );
  }
  const daysLeft = (new Date(leaf.notAfter).getTime() - now.getTime()) / 86_400_000;
  if (daysLeft <= 0) finding('expired', `${answer.target} serves an expired certificate: ${describeCert(leaf)}`);
  else if (daysLeft <= nearExpiryDays && !order.renewal)
    finding(
      'near-expiry',
      `${answer.target} serves a certificate that expires in ${Math.ceil(daysLeft)} days, and no renewal has started: ${describeCert(leaf)}`,
    );
  return found;
}
