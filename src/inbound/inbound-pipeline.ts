import { processInbound, quarantine, type ProcessContext } from '../act/process-inbound.js';
import { StoreUnavailable } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { checkSize } from './errors.js';
import type { InboundRecord } from './inbound-record.js';
import { acceptMessage, type Accepted, type Arrival } from './intake.js';
import type { RawStore } from './raw-store.js';

/**
 * The three doors hand mail here. `receive` stores it (raw first) and returns
 * as soon as it is safe to say "taken"; the mail is then read and acted on
 * by one worker, one at a time, in arrival order. A record left `received`
 * by a crash or a failed step is taken up again by the next `drain`.
 */
export class InboundPipeline {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly store: Store,
    readonly raws: RawStore,
    readonly ctx: ProcessContext,
    readonly limits: { maxMessageBytes: number },
    private readonly log: (line: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Store one message (throws MessageRefused, or a store error meaning "try
   * later"). The door then calls `kick()` to have it read in the background,
   * or `process()` to wait for its outcome.
   */
  async receive(raw: Buffer, arrival: Arrival): Promise<Accepted> {
    checkSize(raw, this.limits.maxMessageBytes);
    return acceptMessage(this.store, this.raws, raw, arrival, this.now());
  }

  /** Process one record now (the pipe door waits for its outcome). */
  process(id: string): Promise<InboundRecord> {
    return processInbound(this.store, this.raws, id, this.ctx, this.now());
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
    try {
      return await this.process(id);
    } catch (err) {
      if (err instanceof StoreUnavailable) throw err;
      this.log(`inbound ${id}: quarantined: ${(err as Error).message}`);
      const set = await quarantine(this.store, id, `processing failed: ${(err as Error).message}`, this.now());
      if (!set) throw err;
      return set;
    }
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      const waiting = (await this.store.read()).inbound.filter((r) => r.status === 'received').map((r) => r.id);
      for (const id of waiting) {
        try {
          const done = await this.processOrQuarantine(id);
          this.log(`inbound ${done.id}: ${done.outcome ?? done.status}${done.orderId ? ` ${done.orderId}` : ''}`);
        } catch (err) {
          // Left `received`: the next kick or start tries again. Nothing is lost.
          this.log(`inbound ${id}: not processed yet: ${(err as Error).message}`);
          return;
        }
      }
    } while (this.again);
  }
}
