import type { Signal } from './judge-sentence.js';

export const INTENTS = ['cancellation', 'withdrawal', 'contact_change', 'auto_reply', 'bounce', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentDecision {
  intent: Extract<Intent, 'cancellation' | 'withdrawal' | 'contact_change' | 'other'>;
  /** Why signals disagree (a request beside a condition, a question, a withdrawal): held for staff, never acted on. */
  review: string | null;
  /** What a withdrawal takes back. */
  withdraws: 'cancellation' | 'contact_change' | null;
  /** The decisive reading, for `why`. */
  rule: string;
}

/** What the sender's form fields say, apart from their prose. */
export interface FormEvidence {
  /** A common name and a cancellation reason filled in. */
  cancelForm: boolean;
  /** A new contact's name, address or phone filled in. */
  contactForm: boolean;
}

/** Signals that make a cancellation request uncertain: with one of them, a request is held for staff. */
const CANCEL_DOUBTS: ReadonlySet<Signal['kind']> = new Set([
  'cancel-negation',
  'cancel-conditional',
  'cancel-question',
  'cancel-inquiry',
  'cancel-reported',
  'cancel-plan',
  'stop-negation',
  'stop-conditional',
  'stop-question',
  'stop-inquiry',
  'stop-reported',
  'stop-plan',
  'keep',
  'undecided',
  'draft',
  'hold',
  'fee-question',
]);

/** Signals that say the body speaks of the matter itself: then the subject line does not count. */
const ON_TOPIC = (s: Signal) =>
  /^(?:cancel|stop|contact|retract)-/.test(s.kind) ||
  ['withdrawal', 'keep', 'change-of-mind', 'undecided', 'draft', 'hold'].includes(s.kind);

const describe = (signals: readonly Signal[]) =>
  [...new Set(signals.map((s) => `${s.kind} (${s.rule})`))].slice(0, 4).join(', ');

/**
 * What the mail asks for, from the signals of its sentences, precision
 * first: a taken-back request is a withdrawal; a request beside a
 * negation, a condition, a question, a report of others' words or a
 * withdrawal is held for review, never taken as a cancellation. A false
 * cancellation costs a customer a certificate; a held one, a staff minute.
 */
export function decideIntent(body: readonly Signal[], subject: readonly Signal[], form: FormEvidence): IntentDecision {
  const signals = body.some(ON_TOPIC) ? body : [...body, ...subject];
  const has = (kind: Signal['kind']) => signals.some((s) => s.kind === kind);

  // Taking back: an explicit withdrawal, a retraction of something the sentence names, or "keep it" after a change of mind.
  const retracting = signals.filter(
    (s) =>
      s.kind === 'withdrawal' ||
      ((s.kind === 'retract-request' || s.kind === 'retract-mention') &&
        (has('earlier-request') ||
          signals.some((o) => o.sentence === s.sentence && /^(?:cancel|stop|contact)-/.test(o.kind)))),
  );
  const keepAfterAll = has('keep') && (has('earlier-request') || has('change-of-mind'));
  const withdrawn = new Set(retracting.map((s) => s.sentence));
  const fresh = signals.filter((s) => !withdrawn.has(s.sentence));
  const cancelRequests = fresh.filter((s) => s.kind === 'cancel-request' || s.kind === 'stop-request');
  // "証明書はもう使わなくなりました。必要な手続きを進めていただけますか": no longer needed, and the procedure asked for.
  const procedureForCancel =
    has('procedure-request') && fresh.some((s) => ['cancel-mention', 'stop-mention', 'stop-past'].includes(s.kind));
  const cancelAsk = cancelRequests.length > 0 || procedureForCancel || form.cancelForm;
  const contactAsk =
    fresh.some((s) => s.kind === 'contact-request') ||
    (form.contactForm && fresh.some((s) => s.kind.startsWith('contact-')));

  if (retracting.length || keepAfterAll) {
    const target = signals.some((s) => withdrawn.has(s.sentence) && s.kind.startsWith('contact-'))
      ? 'contact_change'
      : 'cancellation';
    const rule = describe(retracting.length ? retracting : signals.filter((s) => s.kind === 'keep'));
    if (cancelRequests.length || fresh.some((s) => s.kind === 'contact-request'))
      return { intent: 'other', review: `a withdrawal and a new request in one mail: ${rule}`, withdraws: null, rule };
    return { intent: 'withdrawal', review: null, withdraws: target, rule };
  }
  if (contactAsk) {
    if (cancelRequests.length)
      return {
        intent: 'other',
        review: `asks for a cancellation and a contact change at once: ${describe(cancelRequests)}`,
        withdraws: null,
        rule: 'cancellation and contact change',
      };
    return { intent: 'contact_change', review: null, withdraws: null, rule: 'contact change requested' };
  }
  if (cancelAsk) {
    const doubts = fresh.filter((s) => CANCEL_DOUBTS.has(s.kind));
    const rule = cancelRequests.length
      ? describe(cancelRequests)
      : form.cancelForm
        ? 'a filled-in form'
        : 'procedure asked for';
    if (doubts.length)
      return { intent: 'other', review: `a request, but also ${describe(doubts)}`, withdraws: null, rule };
    return { intent: 'cancellation', review: null, withdraws: null, rule };
  }
  return { intent: 'other', review: null, withdraws: null, rule: 'no request recognised' };
}
