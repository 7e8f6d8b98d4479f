import type { Config } from './config.js';
import { createTransport } from './outbox/create-transport.js';
import { OutboxSender } from './outbox/sender.js';
import { Store } from './store/store.js';

export interface RunningService {
  store: Store;
  sender: OutboxSender;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** How often the outbox is looked at (the CLI queues mail; the service sends it). */
  outboxPollMs?: number;
  log?: (line: string) => void;
}

/**
 * Wiring: the store first (a corrupt store stops the start), then each part
 * that is configured. Prints where everything is.
 */
export async function startService(
  config: Config,
  say: (line: string) => void,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const store = new Store(config.storeFile);
  await store.open();
  await store.transaction(() => undefined); // creates the file on a first start

  const transport = createTransport(config);
  const sender = new OutboxSender(store, transport, {}, (err) => log(`outbox: ${(err as Error).message}`));
  sender.start(options.outboxPollMs ?? 2_000);

  const embedded = !config.smtpUrl && !config.imapUrl;
  say(`certdesk serving${embedded ? ' on its embedded default' : ''}`);
  say(`  data folder   ${config.dataDir}`);
  say(`  store         ${config.storeFile}`);
  say(`  outgoing mail ${transport.describe}`);
  say(`  desk address  ${config.deskAddress}`);
  say(`  staff         ${config.staff.join(', ')}`);
  say(`  secret        ${config.secretSource === 'env' ? 'from CERTDESK_SECRET' : `kept in ${config.dataDir}/secret`}`);
  say('Ctrl-C stops.');
  return {
    store,
    sender,
    async stop() {
      await sender.stop();
    },
  };
}
