import { join } from 'node:path';
import type { Config } from '../config.js';
import { emlTransport, smtpTransport, type Transport } from './transport.js';

/** Real SMTP when CERTDESK_SMTP_URL is set; else the embedded default, .eml files under data/outbox/. */
export function createTransport(config: Pick<Config, 'smtpUrl' | 'dataDir'>): Transport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : emlTransport(join(config.dataDir, 'outbox'));
}
