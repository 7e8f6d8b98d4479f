import type { Config } from './config.js';
import { Store } from './store/store.js';

export interface RunningService {
  store: Store;
  stop(): Promise<void>;
}

/**
 * Wiring: the store first (a corrupt store stops the start), then each part
 * that is configured. Prints where everything is.
 */
export async function startService(config: Config, say: (line: string) => void): Promise<RunningService> {
  const store = new Store(config.storeFile);
  await store.open();
  await store.transaction(() => undefined); // creates the file on a first start
  const embedded = !config.smtpUrl && !config.imapUrl;
  say(`certdesk serving${embedded ? ' on its embedded default' : ''}`);
  say(`  data folder   ${config.dataDir}`);
  say(`  store         ${config.storeFile}`);
  say(`  desk address  ${config.deskAddress}`);
  say(`  staff         ${config.staff.join(', ')}`);
  say(`  secret        ${config.secretSource === 'env' ? 'from CERTDESK_SECRET' : `kept in ${config.dataDir}/secret`}`);
  say('Ctrl-C stops.');
  return {
    store,
    async stop() {
      // Parts that hold sockets or timers close here, in reverse order of start.
    },
  };
}
