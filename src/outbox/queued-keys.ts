import { current, isDraft } from 'immer';
import type { StoreData } from '../store/schema.js';
import type { OutboxEntry } from './outbox-entry.js';

interface KeyIndex {
  at: Map<string, number>;
  /** The outbox length it covers: an entry added any other way makes it be built again. */
  length: number;
}

const indexes = new WeakMap<StoreData, KeyIndex>();
const lookedOnce = new WeakSet<StoreData>();

/**
 * The entry already queued under this key, in a transaction's draft. The
 * first look in a transaction is a scan of the outbox; a transaction that
 * queues more (a reminder run, a staff change with several mails) gets an
 * index of the keys, so that k mails cost one pass over the outbox, not k.
 */
export function queuedEntry(draft: StoreData, key: string): OutboxEntry | undefined {
  let index = indexes.get(draft);
  if (!index || index.length !== draft.outbox.length) {
    if (!lookedOnce.has(draft)) {
      lookedOnce.add(draft);
      return draft.outbox.find((e) => e.key === key);
    }
    index = indexOf(draft);
    indexes.set(draft, index);
  }
  const at = index.at.get(key);
  return at === undefined ? undefined : draft.outbox[at];
}

/** Queue an entry, keeping the key index (if the transaction has one) up to date. */
export function addQueued(draft: StoreData, entry: OutboxEntry): void {
  const index = indexes.get(draft);
  const fresh = index?.length === draft.outbox.length;
  draft.outbox.push(entry);
  if (!index || !fresh) return;
  if (!index.at.has(entry.key)) index.at.set(entry.key, index.length);
  index.length += 1;
}

function indexOf(draft: StoreData): KeyIndex {
  // The plain list (looking at each record of a draft would draft it).
  const list = isDraft(draft.outbox) ? current(draft.outbox) : draft.outbox;
  const at = new Map<string, number>();
  list.forEach((e, i) => {
    if (!at.has(e.key)) at.set(e.key, i);
  });
  return { at, length: list.length };
}
