import { original } from 'immer';
import { StoreUnavailable } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { InboundIndex } from './inbound-index.js';
import type { InboundRecord } from './inbound-record.js';
import { contentHash, peekMessageId, type RawStore } from './raw-store.js';

export interface Arrival {
  via: InboundRecord['via'];
  envelopeFrom?: string | null;
  envelopeTo?: string[];
}

export type Accepted = { record: InboundRecord; duplicate: boolean };

/**
 * The one door behind the three (SMTP, IMAP, pipe): the raw message is
 * written and fsynced first, then recorded in the store, deduplicated by
 * Message-ID and by content. Only after this returns may the sender be told
 * the mail is taken (SMTP 250, IMAP move, pipe exit 0). Throws when either
 * write fails: the caller answers "try later".
 */
export async function acceptMessage(
  store: Store,
  raws: RawStore,
  raw: Buffer,
  arrival: Arrival,
  now: Date,
): Promise<Accepted> {
  const [accepted] = await acceptMessages(store, raws, [raw], arrival, now);
  if (accepted instanceof Error) throw accepted;
  return accepted!;
}

/**
 * Several messages at once (an IMAP batch): their raw files written side by
 * side, then their records in arrival order, in one commit. Each message's
 * result, or the error that kept it from being stored.
 */
export async function acceptMessages(
  store: Store,
  raws: RawStore,
  messages: Buffer[],
  arrival: Arrival,
  now: Date,
): Promise<Array<Accepted | Error>> {
  const written = await Promise.all(
    messages.map(
      (raw) => raws.put(raw).catch((err: unknown) => new StoreUnavailable(raws.dir, err)), // disk full, read-only: temporary
    ),
  );
  return Promise.all(
    messages.map((raw, i) => {
      const sha256 = written[i]!;
      if (sha256 instanceof Error) return sha256;
      return recordMessage(store, raw, sha256, arrival, now).catch((err: unknown) => err as Error);
    }),
  );
}

/** One index per store: two stores in one process (tests) number their mails alike. */
const indexes = new WeakMap<Store, InboundIndex>();

/** The store's record of a raw message already written (or the one it already has of the same mail). */
function recordMessage(store: Store, raw: Buffer, sha256: string, arrival: Arrival, now: Date): Promise<Accepted> {
  const messageId = peekMessageId(raw);
  const content = contentHash(raw);
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new InboundIndex()));
  return store.transaction((draft) => {
    const before = original(draft)!.inbound; // the plain list (a draft would be copied to be looked at)
    const known = index.find(before, content, messageId);
    if (known.same !== undefined) return { record: before[known.same]!, duplicate: true };
    draft.counters.inbound += 1;
    const record = newInboundRecord(
      `I-${String(draft.counters.inbound).padStart(6, '0')}`,
      { sha256, size: raw.length, messageId, contentSha256: content },
      arrival,
      now,
    );
    if (known.sameMessageId !== undefined) record.sameMessageIdAs = before[known.sameMessageId]!.id;
    draft.inbound.push(record);
    return { record, duplicate: false };
  });
}

/** A record for a message just stored, not yet read. */
export function newInboundRecord(
  id: string,
  raw: { sha256: string; size: number; messageId: string | null; contentSha256?: string },
  arrival: Arrival,
  now: Date,
): InboundRecord {
  return {
    id,
    rawSha256: raw.sha256,
    contentSha256: raw.contentSha256 ?? null,
    sameMessageIdAs: null,
    size: raw.size,
    messageId: raw.messageId,
    via: arrival.via,
    envelopeFrom: arrival.envelopeFrom ?? null,
    envelopeTo: (arrival.envelopeTo ?? []).map((a) => a.toLowerCase()),
    receivedAt: now.toISOString(),
    status: 'received',
    from: null,
    subject: null,
    intent: null,
    orderId: null,
    outcome: null,
    note: null,
    why: [],
    trust: [],
    processedAt: null,
    resolvedAt: null,
    staffNotifiedAt: null,
  };
}
