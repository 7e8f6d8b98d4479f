import type { Outcome } from '../inbound/inbound-record.js';
import type { CheckName, TrustPolicy, Verdict } from './checks.js';

/**
 * Every action a mail can cause, and what it takes. Each passes here, and
 * only here: a mail with several From addresses never acts; the sender must
 * be the order's registered contact; with DMARC required, an aligned pass.
 * Actions that change who hears about an order, or that undo a request
 * without staff, also need proof that the sender holds the contact's
 * mailbox: a reply in our thread, the signed reply address, or an aligned
 * DMARC pass. Without it they are not refused but confirmed first (a
 * contact change) or held for staff (a withdrawal).
 */
export const ACTIONS = {
  /** Stays a request that staff confirm: the From address and the common name are enough to ask. */
  cancellation: { who: 'contact', needsProof: false },
  /** Puts an order back without staff: only with proof. */
  withdrawal: { who: 'contact', needsProof: true },
  /** Changes where the order's mail goes: only with proof, else a confirmation to the current contact. */
  'contact-change': { who: 'contact', needsProof: true },
  /** The current contact answering our confirmation mail: the thread is the proof. */
  'confirmation-reply': { who: 'contact', needsProof: true },
  /** Only an acknowledgement ("received; the desk will reply"), to the registered contact. */
  acknowledgement: { who: 'contact', needsProof: false },
  /** Staff acting by reply (confirm, reject, resolve, retry): every staff check must pass, DMARC always. */
  'staff-command': { who: 'staff', needsProof: true },
} as const satisfies Record<string, { who: 'contact' | 'staff'; needsProof: boolean }>;
export type Action = keyof typeof ACTIONS;

export type TrustDecision =
  | { allowed: true; action: Action; proven: boolean; verdicts: Verdict[] }
  | {
      allowed: false;
      action: Action;
      outcome: Extract<
        Outcome,
        'sender-not-contact' | 'authentication-failed' | 'several-senders' | 'staff-command-refused'
      >;
      detail: string;
      verdicts: Verdict[];
    };

const PROOFS: readonly CheckName[] = ['thread', 'token', 'dmarc'];
/** All of these, for a staff command. */
const STAFF_REQUIRES: readonly CheckName[] = ['single-from', 'staff-sender', 'staff-token', 'dmarc', 'fresh'];

/** The one place that combines the checks: may this mail cause this action, and is its sender proven? */
export function authorize(action: Action, verdicts: Verdict[], policy: TrustPolicy): TrustDecision {
  const of = (check: CheckName) => verdicts.find((v) => v.check === check)!;
  const deny = (outcome: Extract<TrustDecision, { allowed: false }>['outcome'], v: Verdict): TrustDecision => ({
    allowed: false,
    action,
    outcome,
    detail: v.detail,
    verdicts,
  });
  if (ACTIONS[action].who === 'staff') {
    // Staff commands: one refusal for every failed check, each named in the detail; nothing is answered.
    const failed = verdicts.filter((v) => v.result !== 'pass' && STAFF_REQUIRES.includes(v.check));
    if (failed.length)
      return deny('staff-command-refused', {
        ...failed[0]!,
        detail: failed.map((v) => `${v.check}: ${v.detail}`).join('; '),
      });
    return { allowed: true, action, proven: true, verdicts };
  }
  if (of('single-from').result !== 'pass') return deny('several-senders', of('single-from'));
  if (of('registered-contact').result !== 'pass') return deny('sender-not-contact', of('registered-contact'));
  if (policy.requireDmarc && of('dmarc').result !== 'pass')
    return deny('authentication-failed', {
      ...of('dmarc'),
      detail: `DMARC ${of('dmarc').result}: ${of('dmarc').detail}`,
    });
  const proven = PROOFS.some((check) => of(check).result === 'pass');
  return { allowed: true, action, proven, verdicts };
}

/** A verdict as one line on the mail's record. */
export const verdictLine = (v: Verdict) => `${v.check}=${v.result} (${v.detail})`;
