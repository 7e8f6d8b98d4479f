import { DeskIdentity } from '../domain/addresses.js';
import type { Order } from '../domain/order.js';
import type { InboundRecord } from '../inbound/inbound-record.js';
import { matchOrder, type OrderMatch } from '../match/match-order.js';
import { deskDomain, enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import { orderBasics } from '../outbox/mail-data.js';
import type { ParsedMessage } from '../parse/parse-message.js';
import type { MailReading } from '../read/read-mail.js';
import { findById } from '../store/find-by-id.js';
import type { Store } from '../store/store.js';
import { authorize, verdictLine, type Action, type TrustDecision } from '../trust/authorize.js';
import { runChecks, runStaffChecks, type TrustPolicy } from '../trust/checks.js';
import type { ActContext, ActResult, StaffContext } from './act-context.js';
import { handleStaffCommands } from './handle-staff-commands.js';
import { hasStaffCommand } from '../extract/staff-commands.js';
import { isStaffToken } from '../outbox/staff-token.js';
import { mayAnswer } from './answer-policy.js';
import { handleBounce } from './handle-bounce.js';
import { handleCancellation } from './handle-cancellation.js';
import { handleConfirmationReply } from './handle-confirmation-reply.js';
import { handleContactChange } from './handle-contact-change.js';
import { handleWithdrawal } from './handle-withdrawal.js';
import { OUTCOME_RULES } from './outcomes.js';

export interface ProcessContext {
  mail: MailContext;
  policy: TrustPolicy;
  staff: StaffContext;
  /** At the SMTP door certdesk verifies SPF, DKIM and DMARC itself and stamps the mail with this authserv-id. */
  ownAuthservId?: string | null;
}

type Matched = Extract<OrderMatch, { kind: 'matched' }>;
type Allowed = Extract<TrustDecision, { allowed: true }>;

/**
 * What each action does once the trust stage allowed it. Every action a
 * mail can cause is a key here and in ACTIONS (trust/authorize.ts), and
 * `act` is the only way to one: through `authorize`.
 */
type Handler = (ctx: ActContext, trust: Allowed, match: Matched | null) => ActResult;

/** An action on the order the mail matched (every action but a staff command). */
const onOrder =
  (fn: (ctx: ActContext, order: Order, match: Matched, trust: Allowed) => ActResult): Handler =>
  (ctx, trust, match) => {
    if (!match) throw new Error(`${trust.action} without the order it is about`);
    return fn(ctx, match.order, match, trust);
  };

export const ACTION_HANDLERS: Record<Action, Handler> = {
  cancellation: onOrder((ctx, order, match) => handleCancellation(ctx, order, match.detail)),
  withdrawal: onOrder((ctx, order, _match, trust) => handleWithdrawal(ctx, order, trust)),
  'contact-change': onOrder((ctx, order, _match, trust) => handleContactChange(ctx, order, trust)),
  'confirmation-reply': onOrder((ctx, order, match) => handleConfirmationReply(ctx, order, match.answers!.key)),
  acknowledgement: onOrder((ctx, order) => acknowledge(ctx, order)),
  'staff-command': (ctx) => handleStaffCommands(ctx),
};

function isOwnMail(message: ParsedMessage, ctx: ActContext): boolean {
  if (new DeskIdentity(ctx.mail.deskAddress).isOurs(message.from?.address)) return true;
  return (
    message.messageId !== null &&
    message.messageId.endsWith(`@${deskDomain(ctx.mail.deskAddress)}>`) &&
    ctx.draft.outbox.some((e) => e.messageId === message.messageId)
  );
}

/** The trust policy for this mail: at the SMTP door our own stamp is the one believed. */
function policyOf(ctx: ActContext): TrustPolicy {
  const own = ctx.record.via === 'smtp' ? ctx.ownAuthservId : null;
  return own ? { ...ctx.policy, authservId: own } : ctx.policy;
}

/** The one trust stage: checks run, combined, recorded; the action runs only when allowed. */
function act(ctx: ActContext, action: Action, match: Matched): ActResult {
  const policy = policyOf(ctx);
  const proof = { by: match.by, ...(match.answers ? { answeredTo: match.answers.to } : {}) };
  const trust = authorize(action, runChecks(ctx.message, match.order, proof, policy), policy);
  const verdicts = trust.verdicts.map(verdictLine);
  if (!trust.allowed) return { outcome: trust.outcome, orderId: match.order.id, note: trust.detail, trust: verdicts };
  return { ...ACTION_HANDLERS[action](ctx, trust, match), trust: verdicts };
}

/** Where the mail was addressed: the envelope, and the headers a mailbox keeps of it (IMAP has no envelope). */
function recipientsOf(ctx: ActContext): string[] {
  const headers = ['delivered-to', 'x-original-to'].flatMap((h) => ctx.message.headers.get(h) ?? []);
  return [
    ...ctx.record.envelopeTo,
    ...ctx.message.to.map((t) => t.address),
    ...headers.map((h) => h.trim().replace(/^<|>$/g, '')),
  ];
}

/** A mail to a signed staff address, or one with a staff command at its top: for the staff trust stage, whoever sent it. */
function isStaffCommandMail(ctx: ActContext): boolean {
  const desk = new DeskIdentity(ctx.mail.deskAddress);
  return recipientsOf(ctx).some((r) => isStaffToken(desk.tokenOf(r))) || hasStaffCommand(ctx.message.text);
}

/** Staff commands pass the same one stage, with the staff checks; refused, they are held and answered to no one. */
function actAsStaff(ctx: ActContext): ActResult {
  const policy = policyOf(ctx);
  const checks = runStaffChecks(
    ctx.message,
    {
      staff: ctx.staff.addresses,
      deskAddress: ctx.mail.deskAddress,
      secret: ctx.mail.secret,
      recipients: recipientsOf(ctx),
      sameMessageIdAs: ctx.record.sameMessageIdAs,
      now: ctx.now,
    },
    policy,
  );
  const trust = authorize('staff-command', checks, policy);
  const verdicts = trust.verdicts.map(verdictLine);
  if (!trust.allowed)
    return { outcome: trust.outcome, orderId: null, note: `staff command not taken: ${trust.detail}`, trust: verdicts };
  return { ...ACTION_HANDLERS['staff-command'](ctx, trust, null), trust: verdicts };
}

/** "Received; the desk will reply": never a word about what was asked, and only to the registered contact. */
function acknowledge(ctx: ActContext, order: Order): ActResult {
  return {
    outcome: 'needs-review',
    orderId: order.id,
    note: `held for review: ${ctx.analysis.review}`,
    reply: {
      key: `${ctx.record.id}:message-received`,
      kind: 'message-received',
      orderId: order.id,
      locale: order.locale,
      to: [order.contact.email],
      data: orderBasics(order),
      inReplyTo: ctx.message.messageId,
    },
  };
}

const ACTION_OF = { cancellation: 'cancellation', withdrawal: 'withdrawal', contact_change: 'contact-change' } as const;

function decide(ctx: ActContext): ActResult {
  const { message, analysis } = ctx;
  if (!message.from && !message.text.trim() && !message.subject)
    return { outcome: 'unreadable', orderId: null, note: 'no sender, no subject, no text: not a message we can read' };
  if (isOwnMail(message, ctx)) return { outcome: 'own-mail-ignored', orderId: null, note: 'our own mail came back' };
  if (analysis.intent === 'bounce') return handleBounce(ctx);
  if (analysis.intent !== 'auto_reply' && isStaffCommandMail(ctx)) return actAsStaff(ctx);
  const match = matchOrder(
    ctx.draft,
    {
      inReplyTo: message.inReplyTo,
      references: message.references,
      recipients: [...ctx.record.envelopeTo, ...message.to.map((t) => t.address)],
      sender: message.from?.address ?? null,
      commonName: analysis.intent === 'other' || analysis.intent === 'auto_reply' ? null : analysis.commonName,
    },
    { deskAddress: ctx.mail.deskAddress, secret: ctx.mail.secret },
  );
  const linked = match.kind === 'matched' ? match.order.id : null;
  if (analysis.intent === 'auto_reply')
    return {
      outcome: 'auto-reply-recorded',
      orderId: linked,
      note: `automatic reply from ${message.from?.address ?? '?'}`,
    };
  // An answer to our confirmation mail is that, whatever else it says.
  if (match.kind === 'matched' && match.answers?.kind === 'contact-change-confirm' && !analysis.list)
    return act(ctx, 'confirmation-reply', match);
  if (analysis.intent === 'other') {
    if (analysis.review && match.kind === 'matched' && !analysis.list) {
      const acked = act(ctx, 'acknowledgement', match);
      // Not from the contact: still held for review, answered to no one.
      return OUTCOME_RULES[acked.outcome].status === 'held' && acked.outcome !== 'needs-review'
        ? { ...acked, outcome: 'needs-review', note: `held for review: ${analysis.review} (${acked.note})` }
        : acked;
    }
    if (analysis.review)
      return { outcome: 'needs-review', orderId: linked, note: `held for review: ${analysis.review}` };
    return {
      outcome: 'other-for-staff',
      orderId: linked,
      note: `no request recognised${linked ? ` (replies to ${linked})` : ''}: "${message.subject.slice(0, 60)}"`,
    };
  }
  if (match.kind === 'none')
    return { outcome: 'no-matching-order', orderId: null, note: `${analysis.intent}: ${match.detail}` };
  if (match.kind === 'ambiguous') return { outcome: 'ambiguous-order', orderId: null, note: match.detail };
  if (match.kind === 'forged-token') return { outcome: 'forged-token', orderId: null, note: match.detail };
  return act(ctx, ACTION_OF[analysis.intent], match);
}

/** Text from a stranger's header shown to staff: one line, no control characters. */
const oneLine = (s: string) => s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();

/** Apply the decision for one stored, parsed message inside the caller's transaction. */
export function actOnMessage(ctx: ActContext): InboundRecord {
  const result = decide(ctx);
  const rule = OUTCOME_RULES[result.outcome];
  const { draft, record, now, message, analysis } = ctx;
  const why = analysis.why.map((w) => `[${w.stage}] ${w.rule}${w.line ? ` (line ${w.line})` : ''}`);
  if (
    result.reply &&
    rule.reply === result.reply.kind &&
    !analysis.list &&
    mayAnswer(draft, message.from?.address ?? null, result.reply.kind, ctx.mail.deskAddress, now)
  ) {
    enqueueMail(draft, result.reply, ctx.mail, now);
    why.push(`[act] answered with ${result.reply.kind}`);
  } else if (result.reply)
    why.push(`[act] no ${result.reply.kind}: one answer per sender, kind and day, none to lists or automatic senders`);
  for (const notice of result.notices ?? []) enqueueMail(draft, notice, ctx.mail, now);
  // A Message-ID we know, with other content: taken as the new mail it is, and shown to staff.
  const reused = record.sameMessageIdAs ? ` (same Message-ID as ${record.sameMessageIdAs}, other content)` : '';
  if (reused) why.push(`[intake] same Message-ID as ${record.sameMessageIdAs}, other content: a new mail`);
  Object.assign(record, {
    trust: result.trust ?? [],
    status: rule.status,
    outcome: result.outcome,
    orderId: result.orderId,
    note: oneLine(result.note + reused),
    intent: analysis.intent,
    from: message.from?.address ?? null,
    subject: oneLine(message.subject).slice(0, 200),
    why,
    processedAt: now.toISOString(),
  });
  return record;
}

/** A stored mail read (parsed and classified) outside any lock: what the transaction then acts on. */
export interface ReadInbound extends MailReading {
  id: string;
  raw: Buffer;
}

/**
 * Decide and act on a mail already read, in one transaction. Idempotent: a
 * record that is no longer `received` is left as it is.
 */
export function actOnInbound(store: Store, read: ReadInbound, ctx: ProcessContext, now: Date): Promise<InboundRecord> {
  const { id, raw, message, analysis, failure } = read;
  return store.transaction((draft) => {
    const current = findById(draft.inbound, id);
    if (!current) throw new Error(`no inbound record ${id}`);
    if (current.status !== 'received') return current;
    if (!message || !analysis)
      return Object.assign(current, {
        status: 'quarantined',
        outcome: 'unreadable',
        note: `cannot be parsed: ${failure}`,
        why: [],
        processedAt: now.toISOString(),
      } satisfies Partial<InboundRecord>);
    return actOnMessage({
      draft,
      record: current,
      message,
      analysis,
      // Only a bounce looks into the raw message (for our Message-IDs): a 20 MB mail is not copied for nothing.
      rawText: analysis.intent === 'bounce' ? raw.subarray(0, 4 * 1024 * 1024).toString('latin1') : '',
      mail: ctx.mail,
      policy: ctx.policy,
      ownAuthservId: ctx.ownAuthservId ?? null,
      staff: ctx.staff,
      now,
    });
  });
}

function markUnreadable(record: InboundRecord, note: string, now: Date): InboundRecord {
  return Object.assign(record, {
    status: 'quarantined',
    outcome: 'unreadable',
    note: note.slice(0, 300),
    processedAt: now.toISOString(),
  } satisfies Partial<InboundRecord>);
}

/** Set a record that could not be processed aside for staff, so it does not block the mail behind it. */
export function quarantine(store: Store, id: string, note: string, now: Date): Promise<InboundRecord | undefined> {
  return store.transaction((draft) => {
    const record = findById(draft.inbound, id);
    return record && record.status === 'received' ? markUnreadable(record, note, now) : record;
  });
}
