import { bouncedRecipient } from '../classify/bounce.js';
import { deskDomain } from '../outbox/enqueue-mail.js';
import type { ActContext, ActResult } from './act-context.js';

/**
 * A bounce of one of our mails: that mail is marked bounced and its
 * recipient suspect, for staff. Found by our Message-ID quoted in the bounce,
 * else by the failed recipient. Bounces are never answered.
 */
export function handleBounce(ctx: ActContext): ActResult {
  const { draft, now, rawText, message } = ctx;
  const domain = deskDomain(ctx.mail.deskAddress).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const quotedIds = new Set(
    (rawText.match(new RegExp(`<[^<>\\s]+@${domain}>`, 'gi')) ?? []).map((id) => id.toLowerCase()),
  );
  const recipient = bouncedRecipient(message.text) ?? bouncedRecipient(rawText);
  const entry =
    draft.outbox.find((e) => quotedIds.has(e.messageId.toLowerCase())) ??
    (recipient
      ? draft.outbox.filter((e) => e.to.some((t) => t.toLowerCase() === recipient) && e.status === 'sent').at(-1)
      : undefined);
  if (!entry)
    return {
      outcome: 'bounce-unmatched',
      orderId: null,
      note: `bounce${recipient ? ` for ${recipient}` : ''} matching none of our mails`,
    };
  entry.status = 'bounced';
  entry.bouncedAt = now.toISOString();
  entry.lastError = `bounced: ${(message.subject || 'delivery failed').slice(0, 120)}`;
  const address = (recipient ?? entry.to[0]!).toLowerCase();
  if (!draft.suspectAddresses.some((s) => s.address === address))
    draft.suspectAddresses.push({ address, since: now.toISOString(), why: entry.lastError, outboxId: entry.id });
  return {
    outcome: 'bounce-recorded',
    orderId: entry.orderId,
    note: `${entry.id} (${entry.kind}) to ${address} bounced`,
  };
}
