import { z } from 'zod';
import { ChangeApplication } from '../domain/change-applications.js';
import { Order } from '../domain/order.js';
import { AnswerLogEntry, ImapState, InboundRecord, SuspectAddress } from '../inbound/inbound-record.js';
import { OutboxEntry } from '../outbox/outbox-entry.js';

export const STORE_VERSION = 1;

/** The whole store file. Collections added later get defaults so older files still load. */
export const StoreData = z.object({
  version: z.literal(STORE_VERSION),
  /** Which journal lines this snapshot already holds (see store.ts). */
  generation: z.number().int().min(0).default(0),
  /** How many commits the store has had: each journal line carries its number, so a line lost is a gap. */
  seq: z.number().int().min(0).default(0),
  counters: z.object({
    order: z.number().int().min(0),
    application: z.number().int().min(0),
    mail: z.number().int().min(0).default(0),
    inbound: z.number().int().min(0).default(0),
  }),
  orders: z.array(Order),
  applications: z.array(ChangeApplication),
  outbox: z.array(OutboxEntry).default([]),
  inbound: z.array(InboundRecord).default([]),
  imap: ImapState.nullable().default(null),
  answers: z.array(AnswerLogEntry).default([]),
  suspectAddresses: z.array(SuspectAddress).default([]),
});
export type StoreData = z.infer<typeof StoreData>;

export function emptyStore(): StoreData {
  return {
    version: STORE_VERSION,
    generation: 0,
    seq: 0,
    counters: { order: 0, application: 0, mail: 0, inbound: 0 },
    orders: [],
    applications: [],
    outbox: [],
    inbound: [],
    imap: null,
    answers: [],
    suspectAddresses: [],
  };
}

/** The record schema of each collection: a transaction validates only the records it touched. */
export const RECORD_SCHEMAS = {
  orders: Order,
  applications: ChangeApplication,
  outbox: OutboxEntry,
  inbound: InboundRecord,
  answers: AnswerLogEntry,
  suspectAddresses: SuspectAddress,
} as const;

/**
 * The record schemas' fingerprint (a hash of their JSON Schema, kept true by
 * test/store/schema-fingerprint.test.ts). A snapshot sealed under the same
 * fingerprint, its lines unchanged, is not checked record by record again;
 * after a schema change every record is (see snapshot-file.ts).
 */
export const SCHEMA_FINGERPRINT = 'bcec28c388fa7999';
