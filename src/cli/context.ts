import { loadConfig, mailContext, resolveSecret, type Config } from '../config.js';
import type { MailContext } from '../outbox/enqueue-mail.js';
import { prepareDataFolder } from '../store/data-folder.js';
import { Store } from '../store/store.js';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Log } from '../log.js';

/** What a command needs, created on first use so `inspect` and `--help` touch no store. */
export class CliContext {
  private config?: ReturnType<typeof loadConfig>;
  private store?: Store;
  private logFile?: Log & { close(): void };

  constructor(
    readonly now: () => Date = () => new Date(),
    /** The settings' environment (a test runs commands in-process with its own). */
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Standard input, when the caller has it at hand (in-process); else the process's own. */
    readonly stdin: AsyncIterable<Buffer> | Buffer = process.stdin,
  ) {}

  settings(): ReturnType<typeof loadConfig> {
    return (this.config ??= loadConfig(this.env));
  }

  fullConfig(): Config {
    // The secret lives in the data folder: a folder that is not one is said once, not as a stack trace.
    prepareDataFolder(this.settings().dataDir, true);
    return resolveSecret(this.settings());
  }

  /** The CLI's log: JSON lines appended to DATA_DIR/certdesk.log (the logger is loaded only by a command that logs). */
  async log(): Promise<Log> {
    const { fileLog } = await import('../log.js');
    return (this.logFile ??= fileLog(join(this.settings().dataDir, 'certdesk.log'), this.settings().logLevel));
  }

  /** Who a staff action is recorded as: --by, else CERTDESK_STAFF_NAME, else the login name. */
  staffName(by?: string): string {
    if (by?.trim()) return by.trim();
    if (this.settings().staffName) return this.settings().staffName!;
    try {
      return userInfo().username;
    } catch {
      return `uid ${process.getuid?.() ?? '?'}`;
    }
  }

  /** Commits this command wrote to the store (0: it changed nothing). */
  get commitsWritten(): number {
    return this.store?.commitsWritten ?? 0;
  }

  get storeOpened(): boolean {
    return this.store !== undefined;
  }

  closeLog(): void {
    this.logFile?.close();
    this.logFile = undefined;
  }

  /** The command is over: the store's files let go, the log closed. */
  async close(): Promise<void> {
    await this.store?.close();
    this.closeLog();
  }

  mail(): MailContext {
    return mailContext(this.fullConfig());
  }

  /** The store; only `create` commands (order add, deliver) may start one where there is none. */
  async openStore(options: { create?: boolean } = {}): Promise<Store> {
    if (!this.store) {
      prepareDataFolder(this.settings().dataDir, options.create ?? false);
      const store = new Store(this.settings().storeFile);
      await store.open();
      this.store = store;
    }
    return this.store;
  }
}
