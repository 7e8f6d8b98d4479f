import type { InboundRecord } from '../inbound/inbound-record.js';
import type { AuthPolicy } from '../match/authorize.js';
import { matchOrder } from '../match/match-order.js';
import { deskDomain, enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import type { ParsedMessage } from '../parse/parse-message.js';
import type { MailReading } from '../read/read-mail.js';
import { findById } from '../store/find-by-id.js';
import type { Store } from '../store/store.js';
import type { ActContext, ActResult } from './act-context.js';
import { mayAnswer } from './answer-policy.js';
import { handleBounce } from './handle-bounce.js';
import { handleCancellation } from './handle-cancellation.js';
import { handleContactChange } from './handle-contact-change.js';
import { OUTCOME_RULES } from './outcomes.js';

export interface ProcessContext {
  mail: MailContext;
  policy: AuthPolicy;
}

function isOwnMail(message: ParsedMessage, ctx: ActContext): boolean {
  const from = message.from?.address ?? '';
  const desk = ctx.mail.deskAddress.toLowerCase();
  const [local, domain] = [desk.slice(0, desk.indexOf('@')), desk.slice(desk.indexOf('@'))];
  if (from === desk || (from.startsWith(`${local}+`) && from.endsWith(domain))) return true;
  return (
    message.messageId !== null &&
    message.messageId.endsWith(`@${deskDomain(desk)}>`) &&
    ctx.draft.outbox.some((e) => e.messageId === message.messageId)
  );
}

function decide(ctx: ActContext): ActResult {
  const { message, analysis } = ctx;
  if (!message.from && !message.text.trim() && !message.subject)
    return { outcome: 'unreadable', orderId: null, note: 'no sender, no subject, no text: not a message we can read' };
  if (isOwnMail(message, ctx)) return { outcome: 'own-mail-ignored', orderId: null, note: 'our own mail came back' };
  if (analysis.intent === 'bounce') return handleBounce(ctx);
  if (analysis.intent === 'auto_reply')
    return {
      outcome: 'auto-reply-recorded',
      orderId: null,
      note: `automatic reply from ${message.from?.address ?? '?'}`,
    };
  if (analysis.intent === 'other')
    return {
      outcome: 'other-for-staff',
      orderId: null,
      note: `no request recognised: "${message.subject.slice(0, 60)}"`,
    };
  const match = matchOrder(
    ctx.draft,
    {
      inReplyTo: message.inReplyTo,
      references: message.references,
      recipients: [...ctx.record.envelopeTo, ...message.to.map((t) => t.address)],
      sender: message.from?.address ?? null,
      commonName: analysis.commonName,
    },
    { deskAddress: ctx.mail.deskAddress, secret: ctx.mail.secret },
  );
  return analysis.intent === 'cancellation' ? handleCancellation(ctx, match) : handleContactChange(ctx, match);
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
  Object.assign(record, {
    status: rule.status,
    outcome: result.outcome,
    orderId: result.orderId,
    note: oneLine(result.note),
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
      rawText: raw.toString('latin1'),
      mail: ctx.mail,
      policy: ctx.policy,
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
