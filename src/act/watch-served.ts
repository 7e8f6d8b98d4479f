import pLimit from 'p-limit';
import { fetchServed } from '../certs/fetch-served.js';
import type { TlsCheckSettings } from '../certs/tls-check-settings.js';
import type { ServedAnswer } from '../domain/served-check.js';
import { installedCertificate, watchFindings, type WatchFinding } from '../domain/served-check.js';
import type { Order } from '../domain/order.js';
import type { Store } from '../store/store.js';
import { findById } from '../store/find-by-id.js';
import { checkHostOf } from './check-install.js';

export interface WatchOptions {
  tls: TlsCheckSettings;
  nearExpiryDays: number;
  /** Servers asked at once: the watch never floods the network nor waits on one server. */
  concurrency: number;
}

/**
 * The daily watch: asks every installed order's server what it serves (a
 * few at a time, each bounded by the timeout), then records what is new in
 * one transaction. A finding of a certificate already found is not
 * recorded again; a server seen serving the installed certificate is noted
 * as seen.
 */
export async function watchServed(
  store: Store,
  now: () => Date,
  options: WatchOptions,
): Promise<{ checked: number; unanswered: number; findings: Array<WatchFinding & { orderId: string }> }> {
  const installed = (await store.read()).orders.filter((o) => o.status === 'installed');
  const limit = pLimit(options.concurrency);
  const answers = await Promise.all(
    installed.map((o) => limit(async () => ({ order: o, answer: await fetchServed(checkHostOf(o), options.tls) }))),
  );
  const at = now();
  const found = answers.flatMap(({ order, answer }) =>
    watchFindings(order, answer, at, options.nearExpiryDays).map((f) => ({ ...f, orderId: order.id })),
  );
  const seen = answers.filter(({ order, answer }) => servesInstalled(order, answer)).map(({ order }) => order.id);
  const recorded = await store.transaction((draft) => {
    const fresh: typeof found = [];
    for (const f of found) {
      const o = findById(draft.orders, f.orderId);
      if (!o || o.status !== 'installed') continue;
      const known = (o.servedFindings ?? []).some((k) => k.kind === f.kind && k.fingerprint256 === f.fingerprint256);
      if (known) continue;
      (o.servedFindings ??= []).push({
        kind: f.kind,
        fingerprint256: f.fingerprint256,
        at: at.toISOString(),
        detail: f.detail,
        served: f.served,
      });
      fresh.push(f);
    }
    for (const id of seen) {
      const o = findById(draft.orders, id);
      if (o?.install) o.install.seenServedAt = at.toISOString();
    }
    return fresh;
  });
  return {
    checked: answers.length,
    unanswered: answers.filter((a) => a.answer.kind !== 'served').length,
    findings: recorded,
  };
}

function servesInstalled(order: Order, answer: ServedAnswer): boolean {
  const known = installedCertificate(order);
  return answer.kind === 'served' && !!known && answer.chain[0]!.fingerprint256 === known.fingerprint256;
}
