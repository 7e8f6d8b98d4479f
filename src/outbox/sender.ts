import { deadOnThisHost, self } from '../store/lock-owner.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { classifySendError } from './errors.js';
import { IN_TRANSPORT, type MailComposer } from './mail-composer.js';
import type { OutboxEntry } from './outbox-entry.js';
import type { Transport } from './transport.js';
import { errorField, SILENT, type Log } from '../log.js';
import { findById } from '../store/find-by-id.js';

export interface SenderOptions {
  /** How long a claimed mail stays ours; after that another run may take it over (a crash mid-send). */
  leaseMs: number;
  /** First retry delay; doubled on each further temporary failure, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Temporary failures after which the mail is failed for staff to look at. */
  maxAttempts: number;
  /** How many mails one claim takes. */
  batch: number;
  now: () => Date;
  /** Who claims: `host:pid`. */
  owner: string;
  /** Whether the process that holds a lease is known to be dead (then its lease is taken at once). */
  ownerGone: (owner: string) => boolean;
  /** Where mail is composed before it is sent: mail threads in the service, else the transport itself. */
  composer: MailComposer;
}

export { self, deadOnThisHost };

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  leaseMs: 120_000,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  maxAttempts: 12,
  batch: 50,
  now: () => new Date(),
  get owner() {
    return self();
  },
  ownerGone: deadOnThisHost,
  composer: IN_TRANSPORT,
};

function isDue(e: OutboxEntry, now: Date, ownerGone: (owner: string) => boolean = () => false): boolean {
  if (e.status === 'pending') return Date.parse(e.nextAttemptAt) <= now.getTime();
  if (e.status !== 'sending') return false;
  return (
    (e.leaseUntil !== null && Date.parse(e.leaseUntil) <= now.getTime()) ||
    (e.leaseOwner !== null && ownerGone(e.leaseOwner))
  );
}

/** Claim due mails: pending ones whose time has come, and sending ones whose lease ran out. Inside a transaction. */
export function claimDue(
  draft: StoreData,
  now: Date,
  opts: Pick<SenderOptions, 'leaseMs' | 'batch'> & Partial<Pick<SenderOptions, 'owner' | 'ownerGone'>>,
): OutboxEntry[] {
  const claimed: OutboxEntry[] = [];
  const leaseUntil = new Date(now.getTime() + opts.leaseMs).toISOString();
  // Found on the plain records (`some` is not drafted): iterating the draft would draft the whole outbox.
  const due: number[] = [];
  draft.outbox.some((e, i) => isDue(e, now, opts.ownerGone) && due.push(i) >= opts.batch);
  for (const i of due) {
    const e = draft.outbox[i]!;
    e.status = 'sending';
    e.leaseUntil = leaseUntil;
    e.leaseOwner = opts.owner ?? null;
    e.attempts += 1;
    claimed.push(e); // a draft: the store's transaction hands back plain copies
  }
  return claimed;
}

type Outcome =
  | { id: string; attempt: number; ok: true; deliveredTo: string }
  | { id: string; attempt: number; ok: false; temporary: boolean; message: string };

function record(draft: StoreData, outcomes: Outcome[], now: Date, opts: SenderOptions): void {
  for (const o of outcomes) {
    const e = findById(draft.outbox, o.id);
    // Another run took the lease over and already recorded a later attempt: leave its result.
    if (!e || e.status !== 'sending' || e.attempts !== o.attempt) continue;
    e.leaseUntil = null;
    e.leaseOwner = null;
    if (o.ok) {
      e.status = 'sent';
      e.sentAt = now.toISOString();
      e.deliveredTo = o.deliveredTo;
      e.lastError = null;
    } else if (o.temporary && e.attempts < opts.maxAttempts) {
      e.status = 'pending';
      e.lastError = o.message;
      const delay = Math.min(opts.backoffMs * 2 ** (e.attempts - 1), opts.maxBackoffMs);
      e.nextAttemptAt = new Date(now.getTime() + delay).toISOString();
    } else {
      e.status = 'failed';
      e.lastError = o.temporary ? `gave up after ${e.attempts} attempts: ${o.message}` : o.message;
    }
  }
}

/**
 * Sends what the outbox holds. A mail is recorded as sent as soon as the
 * transport accepted it; a crash between the two leaves it `sending`, and
 * it is sent again when its lease runs out or its owner is found dead: the
 * mails in flight at the crash may go twice, never one lost. (SMTP has no
 * idempotent submission: closing that window would risk recording a mail
 * as sent that never went.)
 */
export class OutboxSender {
  private readonly opts: SenderOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly store: Store,
    private readonly transport: Transport,
    options: Partial<SenderOptions> = {},
    private readonly log: Log = SILENT,
  ) {
    this.opts = { ...DEFAULT_SENDER_OPTIONS, ...options };
  }

  /**
   * One pass: claim, send, record, until nothing is due. Two batches are in
   * flight at a time, so the connections are not idle while a batch's last
   * mail goes out and its results are written. Returns how many mails were
   * tried.
   */
  async runOnce(): Promise<number> {
    let tried = 0;
    let previous: Promise<void> | null = null;
    try {
      for (;;) {
        // Look before locking: an idle outbox costs a stat, not a write.
        const now = this.opts.now();
        if (!(await this.store.read()).outbox.some((e) => isDue(e, now, this.opts.ownerGone))) break;
        const claimed = await this.store.transaction((d) => claimDue(d, this.opts.now(), this.opts));
        if (claimed.length === 0) break;
        tried += claimed.length;
        const sending = this.sendBatch(claimed);
        sending.catch(() => undefined); // awaited below; until then its failure must not count as unhandled
        if (previous) await previous;
        previous = sending;
      }
    } finally {
      await previous;
    }
    return tried;
  }

  /**
   * Each mail of a batch is recorded the moment the server accepted it (its
   * own transaction; the store's group commit writes those that come
   * together in one line): a crash can send again only the mails that were
   * in flight at that moment, once each, never a whole batch.
   */
  private async sendBatch(claimed: OutboxEntry[]): Promise<void> {
    await Promise.all(
      claimed.map(async (e) => {
        let outcome: Outcome;
        try {
          const composed = await this.opts.composer.compose(e, this.transport.newline);
          const deliveredTo = await this.transport.send(e, composed ?? undefined);
          outcome = { id: e.id, attempt: e.attempts, ok: true, deliveredTo };
        } catch (err) {
          outcome = { id: e.id, attempt: e.attempts, ok: false, ...classifySendError(err) };
        }
        this.logOutcome(e, outcome); // what the server said, before it is recorded (a crash between: two lines, two sends)
        await this.store.transaction((d) => record(d, [outcome], this.opts.now(), this.opts));
      }),
    );
  }

  private logOutcome(e: OutboxEntry, o: Outcome): void {
    const ids = { mail: e.id, kind: e.kind, order: e.orderId ?? undefined, attempt: o.attempt };
    if (o.ok) this.log.info({ event: 'sent', ...ids, to: e.to, deliveredTo: o.deliveredTo }, 'sent');
    else
      this.log.warn(
        { event: 'failure', ...ids, temporary: o.temporary, error: o.message },
        o.temporary ? 'not sent: tried again later' : 'not sent: failed',
      );
  }

  /** Run now (coalescing with a run in progress). */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.runOnce()
      .catch((err) => {
        this.log.error({ event: 'failure', part: 'outbox', ...errorField(err) }, 'outbox run failed: tried again');
        return 0;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => void this.kick(), intervalMs);
    void this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
    this.transport.close();
  }
}
