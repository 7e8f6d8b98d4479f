import type { Order } from '../domain/order.js';

export interface AuthPolicy {
  /** Require DMARC pass in an Authentication-Results header stamped by `authservId`. */
  requireDmarc: boolean;
  authservId: string | null;
}

export type Authorization =
  { ok: true } | { ok: false; rule: 'sender-not-contact' | 'authentication-failed'; detail: string };

/** The `dmarc=` result in the Authentication-Results headers our own trusted server stamped; others are ignored (a sender can write any). */
export function dmarcResult(headers: string[], authservId: string): string | null {
  for (const h of headers) {
    const [id, ...rest] = h.split(';');
    if (id?.trim().toLowerCase() !== authservId.toLowerCase()) continue;
    const m = /\bdmarc\s*=\s*([a-z]+)/i.exec(rest.join(';'));
    if (m) return m[1]!.toLowerCase();
  }
  return null;
}

/**
 * Only the order's registered contact may ask for a change to it: the From
 * address compared case-insensitively, display names ignored. With DMARC
 * required, the From domain must also have passed at our trusted server.
 */
export function authorizeSender(
  order: Order,
  from: string | null,
  authResults: string[],
  policy: AuthPolicy,
): Authorization {
  if (!from || from.toLowerCase() !== order.contact.email.toLowerCase())
    return {
      ok: false,
      rule: 'sender-not-contact',
      detail: `${from ?? '(no sender)'} is not the registered contact of ${order.id}`,
    };
  if (policy.requireDmarc) {
    const result = policy.authservId ? dmarcResult(authResults, policy.authservId) : null;
    if (result !== 'pass')
      return {
        ok: false,
        rule: 'authentication-failed',
        detail: `DMARC ${result ?? 'result missing'} at ${policy.authservId ?? '(no trusted server configured)'}`,
      };
  }
  return { ok: true };
}
