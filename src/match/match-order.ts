import { isClosed } from '../domain/order.js';
import { sameAddress } from '../domain/addresses.js';
import type { Order } from '../domain/order.js';
import { tokenOf, verifyReplyToken } from '../outbox/reply-token.js';
import type { StoreData } from '../store/schema.js';
import { findById } from '../store/find-by-id.js';

export type OrderMatch =
  | {
      kind: 'matched';
      order: Order;
      by: 'thread' | 'token' | 'common-name';
      detail: string;
      /** For a thread: which of our mails it answers, and to whom that went. */
      answers?: { kind: string; to: string[]; key: string };
    }
  | { kind: 'ambiguous'; detail: string }
  | { kind: 'forged-token'; detail: string }
  | { kind: 'none'; detail: string };

export interface MatchInput {
  inReplyTo: string[];
  references: string[];
  /** Envelope recipients and To/Cc addresses: a desk+token address names the order. */
  recipients: string[];
  sender: string | null;
  commonName: string | null;
}

/**
 * Which order a mail is about: a Message-ID of ours in In-Reply-To or
 * References, else the signed token in the address it was sent to, else the
 * common name it names among the sender's orders. Never a guess: no match, or
 * two that disagree, go to staff.
 */
export function matchOrder(
  data: StoreData,
  input: MatchInput,
  desk: { deskAddress: string; secret: string },
): OrderMatch {
  const byId = (id: string) => findById(data.orders, id);
  const threadIds = [...input.inReplyTo, ...input.references.slice().reverse()];
  const inThread = new Set(threadIds);
  // Only the mails of ours the thread names: on a transaction's draft, each record `filter` returns is drafted.
  const ours = new Map(
    data.outbox
      .filter((e) => e.orderId && inThread.has(e.messageId.toLowerCase()))
      .map((e) => [e.messageId.toLowerCase(), { orderId: e.orderId!, kind: e.kind, to: [...e.to], key: e.key }]),
  );
  // The mail it answers directly (In-Reply-To) first, then the newest of the thread.
  const answered = threadIds.map((id) => ours.get(id)).find((e) => e !== undefined);
  const threadOrder = answered?.orderId;

  let tokenOrder: string | undefined;
  let forged: string | undefined;
  for (const r of input.recipients) {
    const token = tokenOf(r, desk.deskAddress);
    if (!token) continue;
    const verified = verifyReplyToken(token, desk.secret);
    if (verified) tokenOrder ??= verified;
    else forged ??= r;
  }

  if (threadOrder && tokenOrder && threadOrder !== tokenOrder)
    return { kind: 'ambiguous', detail: `the thread points to ${threadOrder}, the reply address to ${tokenOrder}` };
  const known = threadOrder ?? tokenOrder;
  if (known) {
    const order = byId(known);
    if (order)
      return {
        kind: 'matched',
        order,
        by: threadOrder ? 'thread' : 'token',
        detail: threadOrder ? `replies to our ${answered!.kind} mail` : 'signed reply address',
        ...(threadOrder ? { answers: { kind: answered!.kind, to: answered!.to, key: answered!.key } } : {}),
      };
  }
  if (forged) return { kind: 'forged-token', detail: `reply address ${forged} carries a token that does not verify` };

  if (!input.commonName) return { kind: 'none', detail: 'not a reply to our mail and names no common name' };
  const named = data.orders.filter((o) => o.commonName === input.commonName && !isClosed(o));
  const sender = input.sender;
  const senders = named.filter((o) => sameAddress(o.contact.email, sender));
  if (senders.length === 1)
    return {
      kind: 'matched',
      order: senders[0]!,
      by: 'common-name',
      detail: `${input.commonName} is an order of the sender`,
    };
  if (senders.length > 1)
    return { kind: 'ambiguous', detail: `${senders.length} open orders of the sender have ${input.commonName}` };
  // The name is someone else's order: matched for staff to see, authorization turns it down.
  if (named.length === 1)
    return {
      kind: 'matched',
      order: named[0]!,
      by: 'common-name',
      detail: `${input.commonName} is an order of another contact`,
    };
  if (named.length > 1) return { kind: 'ambiguous', detail: `${named.length} open orders have ${input.commonName}` };
  return { kind: 'none', detail: `no open order has the common name ${input.commonName}` };
}
