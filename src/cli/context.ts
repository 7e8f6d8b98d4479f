import { loadConfig, mailContext, resolveSecret, type Config } from '../config.js';
import type { MailContext } from '../outbox/enqueue-mail.js';
import { Store } from '../store/store.js';

/** What a command needs, created on first use so `inspect` and `--help` touch no store. */
export class CliContext {
  private config?: ReturnType<typeof loadConfig>;
  private store?: Store;

  constructor(readonly now: () => Date = () => new Date()) {}

  settings(): ReturnType<typeof loadConfig> {
    return (this.config ??= loadConfig());
  }

  fullConfig(): Config {
    return resolveSecret(this.settings());
  }

  mail(): MailContext {
    return mailContext(this.fullConfig());
  }

  async openStore(): Promise<Store> {
    if (!this.store) {
      const store = new Store(this.settings().storeFile);
      await store.open();
      this.store = store;
    }
    return this.store;
  }
}
