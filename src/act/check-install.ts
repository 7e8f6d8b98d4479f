import { fetchServed } from '../certs/fetch-served.js';
import type { TlsCheckSettings } from '../certs/tls-check-settings.js';
import type { InstallCheck, Order } from '../domain/order.js';
import { judgeServed } from '../domain/served-check.js';
import { certificateToInstall, expiryToInstall } from '../domain/transitions.js';

/**
 * The host a check asks: the one staff named, else the common name; a
 * wildcard has no host of its own, so its `www.` name unless staff name another.
 */
export function checkHostOf(order: Order, given?: string): string {
  const host = given ?? order.install?.host ?? order.commonName;
  return host.startsWith('*.') ? `www.${host.slice(2)}` : host;
}

/**
 * Asks the customer's server what it serves and judges it against the
 * certificate being installed. Network I/O, bounded by the settings'
 * timeout; never throws for what the server does.
 */
export async function checkInstall(
  order: Order,
  settings: TlsCheckSettings,
  now: () => Date,
  host?: string,
): Promise<InstallCheck> {
  const asked = checkHostOf(order, host);
  const answer = await fetchServed(asked, settings);
  const at = now();
  const verdict = judgeServed(
    { commonName: asked, expiresAt: expiryToInstall(order) },
    certificateToInstall(order),
    answer,
    at,
  );
  const base = { at: at.toISOString(), host: asked };
  return verdict.verified
    ? {
        ...base,
        state: 'verified',
        seenServedAt: base.at,
        served: verdict.leaf,
        ...(verdict.note ? { note: verdict.note } : {}),
      }
    : { ...base, state: 'held', problem: verdict.problem, ...(verdict.leaf ? { served: verdict.leaf } : {}) };
}
