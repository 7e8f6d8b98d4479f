import { actOnInbound, quarantine, type ProcessContext, type ReadInbound } from '../act/process-inbound.js';
import { IN_THREAD, type MailReader } from '../read/mail-reader.js';
import { StoreUnavailable } from '../store/errors.js';
import { findById } from '../store/find-by-id.js';
import type { Store } from '../store/store.js';
import { checkSize } from './errors.js';
import type { InboundRecord } from './inbound-record.js';
import { acceptMessage, acceptMessages, type Accepted, type Arrival } from './intake.js';
import { peekFrom, type RawStore } from './raw-store.js';
import { errorField, SILENT, type Log } from '../log.js';

/** At most this many mails, and about this many bytes of them, are read before one commit acts on them all. */
const GROUP_MAILS = 32;
const GROUP_BYTES = 16 * 1024 * 1024;
/** A mail above this is big: reading it takes long, and small mail does not wait behind it. */
const BIG_MAIL_BYTES = 1024 * 1024;

/**
 * The three doors hand mail here. `receive` stores it (raw first) and returns
 * as soon as it is safe to say "taken"; the mail is then read and acted on
 * by one worker, in arrival order: the mails waiting are read (parsed,
 * classified) a group at a time, and the group is acted on in one commit, in
 * order. A record left `received` by a crash or a failed step is taken up
 * again by the next drain.
 */
export class InboundPipeline {
  private running: Promise<void> | null = null;
  /** Senders peeked from waiting mail (pipe and IMAP mail has no envelope sender), by record. */
  private readonly senders = new Map<string, string | null>();
  private again = false;

  constructor(
    readonly store: Store,
    readonly raws: RawStore,
    readonly ctx: ProcessContext,
    readonly limits: { maxMessageBytes: number },
    private readonly log: Log = SILENT,
    private readonly now: () => Date = () => new Date(),
    /** Where mail is parsed and classified: mail threads in the service, else the main thread. */
    readonly reader: MailReader = IN_THREAD,
  ) {}

  /**
   * Store one message (throws MessageRefused, or a store error meaning "try
   * later"). The door then calls `kick()` to have it read in the background,
   * or `process()` to wait for its outcome.
   */
  async receive(raw: Buffer, arrival: Arrival): Promise<Accepted> {
    checkSize(raw, this.limits.maxMessageBytes);
    return this.logIntake(await acceptMessage(this.store, this.raws, raw, arrival, this.now()));
  }

  private logIntake(accepted: Accepted): Accepted {
    const { record, duplicate } = accepted;
    this.log.info(
      {
        event: 'intake',
        inbound: record.id,
        door: record.via,
        bytes: record.size,
        duplicate,
        messageId: record.messageId,
      },
      duplicate ? 'already stored' : 'stored',
    );
    return accepted;
  }

  /** Store several messages (an IMAP batch) in one commit: each one's result, or why it was not stored. */
  receiveAll(raws: Buffer[], arrival: Arrival): Promise<Array<Accepted | Error>> {
    const sized = raws.map((raw) => {
      try {
        checkSize(raw, this.limits.maxMessageBytes);
        return null;
      } catch (err) {
        return err as Error;
      }
    });
    const fits = raws.filter((_, i) => !sized[i]);
    return acceptMessages(this.store, this.raws, fits, arrival, this.now()).then((accepted) => {
      let next = 0;
      return sized.map((refused) => {
        const done = refused ?? accepted[next++]!;
        return done instanceof Error ? done : this.logIntake(done);
      });
    });
  }

  /** Start draining, or ask the running drain to look again when it finishes. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainLoop().finally(() => (this.running = null));
  }

  /** Resolves when nothing is being processed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Process one record; a mail that breaks the reader (anything but a store
   * that cannot be written) is set aside for staff instead of blocking the
   * mail behind it. Store errors propagate: the record stays `received`.
   */
  async processOrQuarantine(id: string): Promise<InboundRecord> {
    const [done] = await this.processAll([id]);
    if (done instanceof Error) throw done;
    return done!;
  }

  /**
   * Process records in the order given: all read first, then acted on in
   * one commit. Each one's record as it ends, or the store error that left
   * it `received`; a mail that breaks the reader is quarantined.
   */
  async processAll(ids: string[]): Promise<Array<InboundRecord | Error>> {
    const { inbound } = await this.store.read();
    const reads = await this.readAll(ids.map((id) => findById(inbound, id) ?? new Error(`no inbound record ${id}`)));
    return this.actAll(ids, reads);
  }

  /** Read records waiting: their raw files side by side, then each parsed and classified (on the mail threads). */
  private readAll(records: Array<InboundRecord | Error>): Promise<Array<ReadInbound | InboundRecord | Error>> {
    return Promise.all(
      records.map(async (record) => {
        if (record instanceof Error || record.status !== 'received') return record;
        let raw: Buffer;
        try {
          raw = await this.raws.get(record.rawSha256);
        } catch (err) {
          return err as Error;
        }
        // A reading never fails for a bad mail; a mail thread that died is read around on the main thread.
        const reading = await this.reader.read(raw).catch(() => IN_THREAD.read(raw));
        return { id: record.id, raw, ...reading };
      }),
    );
  }

  /** Act on mails read, in order, in one commit (their transactions are queued together). */
  private async actAll(ids: string[], reads: Array<ReadInbound | InboundRecord | Error>) {
    const acted = await Promise.all(
      reads.map((read) =>
        read instanceof Error || !('raw' in read) ? read : this.act(read).catch((err: unknown) => err as Error),
      ),
    );
    const out: Array<InboundRecord | Error> = [];
    for (const [i, done] of acted.entries()) {
      const result = await this.quarantineIfBroken(ids[i]!, done);
      if (!(result instanceof Error)) this.logOutcome(result);
      out.push(result);
    }
    return out;
  }

  /** Decide and act on one mail read (a transaction). */
  protected act(read: ReadInbound): Promise<InboundRecord> {
    return actOnInbound(this.store, read, this.ctx, this.now());
  }

  /** A mail whose reading failed for any reason but the store is set aside for staff. */
  private async quarantineIfBroken(id: string, done: InboundRecord | Error): Promise<InboundRecord | Error> {
    if (!(done instanceof Error) || done instanceof StoreUnavailable) return done;
    this.log.error({ event: 'failure', inbound: id, ...errorField(done) }, 'reading failed: quarantined for staff');
    try {
      return (await quarantine(this.store, id, `processing failed: ${done.message}`, this.now())) ?? done;
    } catch (err) {
      return err as Error;
    }
  }

  /**
   * The order mail waiting is read in: arrival order, but small mail goes
   * before big mail (a 20 MB attachment takes a while to read) — unless its
   * sender has a big mail waiting too, whose request it may follow up on.
   * Null when nothing big waits (then all goes as it came, a group read
   * while the one before commits).
   */
  private async smallFirst(waiting: InboundRecord[]): Promise<InboundRecord[] | null> {
    const bigs = waiting.filter((r) => r.size > BIG_MAIL_BYTES);
    if (!bigs.length) return null;
    const senderOf = async (r: InboundRecord): Promise<string | null> => {
      if (r.envelopeFrom) return r.envelopeFrom.toLowerCase();
      if (!this.senders.has(r.id)) {
        if (this.senders.size > 10_000) this.senders.clear();
        // The first 8 KB hold the From line of nearly every mail; one not seen there simply does not overtake.
        this.senders.set(r.id, peekFrom(await this.raws.head(r.rawSha256, 8_192).catch(() => Buffer.alloc(0))));
      }
      return this.senders.get(r.id) ?? null;
    };
    const bigSenders = new Set((await Promise.all(bigs.map(senderOf))).filter(Boolean));
    const overtake: InboundRecord[] = [];
    const rest: InboundRecord[] = [];
    for (const r of waiting) {
      const sender = r.size > BIG_MAIL_BYTES ? null : await senderOf(r);
      (sender !== null && !bigSenders.has(sender) ? overtake : rest).push(r);
    }
    return [...overtake, ...rest];
  }

  /** Read and act on every record waiting, a group at a time; the next group is read while one commits. */
  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      const received = (await this.store.read()).inbound.filter((r) => r.status === 'received');
      const reordered = await this.smallFirst(received);
      if (reordered) {
        // One group, then look again: small mail that came meanwhile goes before the next big one.
        const [first] = groups(reordered);
        const ids = first!.map((r) => r.id);
        if (!this.report(ids, await this.actAll(ids, await this.readAll(first!)))) return;
        this.again = true;
        continue;
      }
      const waiting = received;
      let committing: { ids: string[]; done: Promise<Array<InboundRecord | Error>> } | null = null;
      for (const group of groups(waiting)) {
        const reads = await this.readAll(group);
        // In arrival order: a group is acted on only once the one before it is written.
        if (committing && !this.report(committing.ids, await committing.done)) return;
        const ids = group.map((r) => r.id);
        committing = { ids, done: this.actAll(ids, reads) };
      }
      if (committing && !this.report(committing.ids, await committing.done)) return;
    } while (this.again);
  }

  private logOutcome(done: InboundRecord): void {
    this.log.info(
      { event: 'outcome', inbound: done.id, outcome: done.outcome ?? done.status, order: done.orderId ?? undefined },
      done.outcome ?? done.status,
    );
  }

  /** False when one of a group was left `received` (the store could not be written): logged, tried again later. */
  private report(ids: string[], results: Array<InboundRecord | Error>): boolean {
    for (const [i, done] of results.entries()) {
      if (done instanceof Error) {
        // Left `received`: the next kick or start tries again. Nothing is lost.
        this.log.warn(
          { event: 'failure', inbound: ids[i], ...errorField(done) },
          'not processed yet: tried again later',
        );
        return false;
      }
    }
    return true;
  }
}

/** Records waiting, in groups of at most GROUP_MAILS mails and about GROUP_BYTES. */
function groups(waiting: InboundRecord[]): InboundRecord[][] {
  const out: InboundRecord[][] = [];
  let current: InboundRecord[] = [];
  let bytes = 0;
  for (const r of waiting) {
    if (current.length && (current.length >= GROUP_MAILS || bytes + r.size > GROUP_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += r.size;
  }
  if (current.length) out.push(current);
  return out;
}
