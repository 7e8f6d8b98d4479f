import { ImapFlow } from 'imapflow';
import type { Store } from '../store/store.js';
import { MessageRefused } from './errors.js';
import type { InboundPipeline } from './inbound-pipeline.js';
import { errorField, libraryLog, SILENT, type Log } from '../log.js';

export interface ImapOptions {
  /** imap[s]://user:password@host:port/Mailbox (INBOX when no path). */
  url: string;
  handledFolder: string;
  quarantineFolder: string;
  /** How soon imapflow starts IDLE after the last command (its default, 15 s, makes new mail wait). */
  idleDelayMs?: number;
  /** Look again this often even without news (a server whose IDLE is broken). */
  pollMs?: number;
  /** Reconnect backoff: first wait and the most it grows to. */
  backoffMs?: [number, number];
}

/** A batch stored and being read: where each of its mails goes once done. */
interface BatchInHand {
  lastUid: number;
  moves: Promise<Record<string, number[]>>;
}

export function imapTarget(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port) || (u.protocol === 'imaps:' ? 993 : 143),
    secure: u.protocol === 'imaps:',
    user: decodeURIComponent(u.username),
    pass: decodeURIComponent(u.password),
    mailbox: decodeURIComponent(u.pathname.slice(1)) || 'INBOX',
  };
}

/**
 * The IMAP door. Each mail is stored and read before it is moved out of the
 * mailbox (to the handled folder, or to quarantine when it cannot be read);
 * UIDVALIDITY and the last UID done are kept in the store, so a restart
 * neither skips nor repeats a mail, and a crash between storing and moving
 * only means the mail is found again and recognised as already taken.
 */
export class ImapConsumer {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private syncs = 0;
  /** Set whenever the server reports new mail, also while a sync runs (its commands' answers carry the news). */
  private news = false;
  private readonly target;

  constructor(
    private readonly store: Store,
    private readonly pipeline: InboundPipeline,
    private readonly options: ImapOptions,
    private readonly log: Log = SILENT,
  ) {
    this.target = imapTarget(options.url);
  }

  private waiting = false;

  get mailbox(): string {
    return this.target.mailbox;
  }

  /** Waiting for news in IDLE (tests wait on it instead of a fixed while). */
  get idling(): boolean {
    return this.waiting && (this.client?.idling ?? false);
  }

  /** How many times the mailbox has been looked through (tests wait on it). */
  get syncCount(): number {
    return this.syncs;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    // A polite LOGOUT, but not forever: a server restarted under us may never answer it.
    await Promise.race([client?.logout().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
    client?.close(); // also ends a connect still waiting for a greeting
    await this.loop;
  }

  private async run(): Promise<void> {
    const [first, most] = this.options.backoffMs ?? [1_000, 60_000];
    let wait = first;
    while (!this.stopped) {
      const client = new ImapFlow({
        host: this.target.host,
        port: this.target.port,
        secure: this.target.secure,
        auth: { user: this.target.user, pass: this.target.pass },
        logger: libraryLog(this.log, 'imapflow'),
        // imapflow waits 90 s for a connection by default: a server that is down is retried sooner.
        connectionTimeout: 15_000,
        greetingTimeout: 10_000,
        autoIdleDelay: this.options.idleDelayMs ?? 1_000,
        maxIdleTime: this.options.pollMs ?? 60_000, // IDLE restarted now and then: some servers drop a silent one
      });
      client.on('error', (err: Error) =>
        this.log.warn({ event: 'failure', door: 'imap', ...errorField(err) }, 'IMAP connection error'),
      );
      client.on('exists', () => {
        this.news = true;
        this.wake?.();
      });
      this.client = client;
      try {
        await client.connect();
        await this.ensureFolders(client);
        await client.mailboxOpen(this.target.mailbox);
        wait = first;
        while (!this.stopped && client.usable) {
          this.news = false;
          await this.syncOnce(client);
          if (!this.news) await this.nextNews(client);
        }
      } catch (err) {
        if (!this.stopped) {
          this.log.warn({ event: 'failure', door: 'imap', ...errorField(err), retryMs: wait }, 'IMAP: reconnecting');
          await this.remember({ lastError: this.explain(err).slice(0, 300) }).catch(() => undefined);
        }
      } finally {
        client.close();
        this.client = null;
      }
      if (this.stopped) break;
      await this.sleep(wait);
      wait = Math.min(wait * 2, most);
    }
  }

  private async ensureFolders(client: ImapFlow): Promise<void> {
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const folder of [this.options.handledFolder, this.options.quarantineFolder])
      if (!existing.has(folder)) await client.mailboxCreate(folder).catch(() => undefined); // raced: someone made it
  }

  /**
   * Take every mail above the last UID done, a batch at a time: fetch, store,
   * read, move, remember. A batch is read and acted on (on the mail threads)
   * while the next one is fetched and stored; it is moved, and its last UID
   * remembered, once it is done and the next fetch is over (no other command
   * may run inside a fetch).
   */
  private async syncOnce(client: ImapFlow): Promise<void> {
    const box = client.mailbox;
    if (!box) throw new Error('no mailbox open');
    const uidValidity = String(box.uidValidity); // a BigInt: JSON cannot hold one
    const state = (await this.store.read()).imap;
    let lastUid = 0;
    if (state && state.mailbox === this.target.mailbox && state.uidValidity === uidValidity) lastUid = state.lastUid;
    else {
      if (state?.uidValidity)
        this.log.warn(
          { event: 'failure', door: 'imap', mailbox: this.target.mailbox },
          'UIDVALIDITY changed: reading the mailbox from the start',
        );
      await this.remember({ uidValidity, lastUid: 0 });
    }
    const found = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((u) => u > lastUid);
    let previous: BatchInHand | null = null;
    try {
      for (const batch of await this.batches(client, found)) {
        if (this.stopped) break;
        const inHand = await this.take(client, batch);
        if (previous) await this.finish(client, previous, uidValidity);
        previous = inHand;
      }
      if (previous && !this.stopped) await this.finish(client, previous, uidValidity);
    } finally {
      // Not left running when the loop ends early (a store or connection error): the store may be closed next.
      await previous?.moves.catch(() => undefined);
    }
    if (this.stopped) return;
    await this.remember({ lastError: null });
    this.syncs += 1;
  }

  /** Fetch a batch and store it (throws when it cannot be stored: it waits in the mailbox); its reading is started. */
  private async take(client: ImapFlow, batch: number[]): Promise<BatchInHand> {
    const sources = new Map<number, Buffer>();
    for await (const msg of client.fetch(batch.join(','), { uid: true, source: true }, { uid: true }))
      if (msg.source) sources.set(msg.uid, msg.source);
    const handled = this.options.handledFolder;
    const quarantine = this.options.quarantineFolder;
    const refused: number[] = [];
    const uids = batch.filter((uid) => sources.has(uid)); // the others were gone meanwhile (another client moved them)
    const accepted = await this.pipeline.receiveAll(
      uids.map((uid) => sources.get(uid)!),
      { via: 'imap' },
    );
    const taken: Array<{ uid: number; id: string }> = [];
    for (const [i, result] of accepted.entries()) {
      const uid = uids[i]!;
      if (!(result instanceof Error)) taken.push({ uid, id: result.record.id });
      else if (result instanceof MessageRefused) {
        this.log.warn(
          { event: 'failure', door: 'imap', uid, ...errorField(result), movedTo: quarantine },
          'refused: moved to the quarantine folder',
        );
        refused.push(uid);
      } else throw result; // not stored: the batch waits in the mailbox, to be tried again later
    }
    const moves = this.pipeline.processAll(taken.map((t) => t.id)).then((done) => {
      const to: Record<string, number[]> = { [handled]: [], [quarantine]: refused };
      for (const [i, result] of done.entries()) {
        if (result instanceof Error) throw result; // the store cannot be written: tried again later
        to[result.status === 'quarantined' ? quarantine : handled]!.push(taken[i]!.uid);
      }
      return to;
    });
    moves.catch(() => undefined); // awaited by finish(); until then its failure must not count as unhandled
    return { lastUid: batch[batch.length - 1]!, moves };
  }

  /** Once a batch is read and acted on: move it out of the mailbox and remember its last UID. */
  private async finish(client: ImapFlow, batch: BatchInHand, uidValidity: string): Promise<void> {
    // Moved only once stored; a crash before the move means they are found again and known as taken.
    for (const [folder, uids] of Object.entries(await batch.moves))
      if (uids.length) await client.messageMove(uids.join(','), folder, { uid: true });
    await this.remember({ uidValidity, lastUid: batch.lastUid });
  }

  /** UIDs in order, in batches of at most 50 mails and 32 MB. */
  private async batches(client: ImapFlow, uids: number[]): Promise<number[][]> {
    if (!uids.length) return [];
    const sizes = new Map<number, number>();
    for await (const msg of client.fetch(uids.join(','), { uid: true, size: true }, { uid: true }))
      sizes.set(msg.uid, msg.size ?? 0);
    const out: number[][] = [];
    let current: number[] = [];
    let bytes = 0;
    for (const uid of uids.sort((a, b) => a - b)) {
      const size = sizes.get(uid) ?? 0;
      if (current.length && (current.length >= 50 || bytes + size > 32 * 1024 * 1024)) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(uid);
      bytes += size;
    }
    if (current.length) out.push(current);
    return out;
  }

  /** A failure as staff can act on it: a refused login names the user and the server, not "Command failed". */
  private explain(err: unknown): string {
    const e = err as Error & { authenticationFailed?: boolean; code?: string };
    const where = `${this.target.host}:${this.target.port}`;
    if (e.authenticationFailed) return `IMAP login refused for ${this.target.user} at ${where}`;
    if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')
      return `cannot reach the IMAP server at ${where} (${e.code})`;
    return e.message;
  }

  private remember(change: { uidValidity?: string; lastUid?: number; lastError?: string | null }) {
    return this.store.transaction((draft) => {
      const base = draft.imap?.mailbox === this.target.mailbox ? draft.imap : null;
      const now = new Date().toISOString();
      const failed = typeof change.lastError === 'string';
      draft.imap = {
        mailbox: this.target.mailbox,
        uidValidity: change.uidValidity ?? base?.uidValidity ?? null,
        lastUid: change.lastUid ?? base?.lastUid ?? 0,
        // A failure is not a sync: status must not show it as one.
        lastSyncAt: failed ? (base?.lastSyncAt ?? null) : now,
        lastError: change.lastError !== undefined ? change.lastError : (base?.lastError ?? null),
        lastErrorAt: failed ? now : change.lastError === null ? null : (base?.lastErrorAt ?? null),
      };
    });
  }

  /** Until the server says a mail arrived (IDLE), the connection ends, or the poll time passes. */
  private nextNews(client: ImapFlow): Promise<void> {
    // Stopped (or closed) while a sync ran: its wake and the close event have come and gone; waiting would
    // hold stop() for the whole poll time (seen: 60 s).
    if (this.stopped || !client.usable) return Promise.resolve();
    this.waiting = true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('close', done);
        this.wake = null;
        this.waiting = false;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs ?? 60_000);
      client.on('close', done);
      this.wake = done;
    });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
