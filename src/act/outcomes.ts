import type { InboundRecord, Outcome } from '../inbound/inbound-record.js';
import type { MailKind } from '../outbox/mail-kinds.js';

/**
 * Every way a mail is taken or turned down, in one table: where the record
 * ends (processed, held for staff, quarantined) and the one reply it gets, if
 * any. Impostors, unknown senders and automatic mail get no reply: nothing
 * is told to whoever may be forging, and no loop can start.
 */
export const OUTCOME_RULES: Record<Outcome, { status: InboundRecord['status']; reply: MailKind | null }> = {
  'cancellation-requested': { status: 'processed', reply: 'cancellation-received' },
  'cancellation-duplicate': { status: 'processed', reply: null },
  'needs-info': { status: 'processed', reply: 'cancellation-needs-info' },
  // Asked, but about another certificate than the mail it answers: a mistake or an impostor; staff look.
  'common-name-mismatch': { status: 'held', reply: 'cancellation-needs-info' },
  'contact-change-applied': { status: 'processed', reply: null },
  'contact-change-held': { status: 'held', reply: 'contact-change-received' },
  'contact-change-needs-info': { status: 'processed', reply: 'contact-change-needs-info' },
  'contact-change-refused': { status: 'processed', reply: 'contact-change-refused' },
  'no-matching-order': { status: 'held', reply: null },
  'ambiguous-order': { status: 'held', reply: null },
  'sender-not-contact': { status: 'held', reply: null },
  'authentication-failed': { status: 'held', reply: null },
  'forged-token': { status: 'held', reply: null },
  'change-application-open': { status: 'held', reply: null },
  'order-closed': { status: 'held', reply: null },
  'bounce-recorded': { status: 'processed', reply: null },
  'bounce-unmatched': { status: 'held', reply: null },
  'auto-reply-recorded': { status: 'processed', reply: null },
  'own-mail-ignored': { status: 'processed', reply: null },
  'other-for-staff': { status: 'held', reply: null },
  unreadable: { status: 'quarantined', reply: null },
  // Signals disagree (a request beside a question, a condition, a withdrawal): staff read it; at most a neutral answer.
  'needs-review': { status: 'held', reply: 'message-received' },
  'withdrawal-applied': { status: 'processed', reply: null },
  'withdrawal-nothing-open': { status: 'held', reply: null },
  // A withdrawal from the contact's address, without proof that it is the contact: staff decide.
  'withdrawal-unproven': { status: 'held', reply: null },
  'several-senders': { status: 'held', reply: null },
  // From the contact's address, without proof: the current contact is asked to confirm in our thread.
  'contact-change-confirming': { status: 'processed', reply: null },
  'contact-change-declined': { status: 'processed', reply: null },
  'confirmation-unclear': { status: 'held', reply: null },
  // Staff commands by reply: the answer goes to the staff member as a notice (never rate-limited like an answer to a stranger).
  'staff-command-done': { status: 'processed', reply: null },
  // A command from a stranger, a customer, a forged From, an old token or a replay: staff see why; nobody is answered.
  'staff-command-refused': { status: 'held', reply: null },
};
