import type { ProcessContext } from './act/process-inbound.js';
import type { DigestOptions } from './act/send-digest.js';
import type { WatchOptions } from './act/watch-served.js';
import { tlsCheckSettings } from './certs/tls-check-settings.js';
import { mailContext, verifiesAtSmtp, type Config } from './config.js';
import type { ReminderSettings } from './domain/reminders.js';

/**
 * What each part of the service takes from the configuration, apart from
 * the wiring (main.ts): the CLI's commands read these without loading the
 * service.
 */

/** What reading a mail needs from the configuration. */
/** The authserv-id certdesk stamps at its SMTP door: the desk's domain. */
export function ownAuthservId(config: Config): string {
  return config.deskAddress.slice(config.deskAddress.lastIndexOf('@') + 1);
}

export function processContext(config: Config): ProcessContext {
  return {
    mail: mailContext(config),
    policy: { requireDmarc: config.requireDmarc, authservId: config.authservId ?? null },
    ownAuthservId: verifiesAtSmtp(config) ? ownAuthservId(config) : null,
    staff: { addresses: config.staff, locale: config.staffLocale },
  };
}

export function reminderSettings(config: Config): ReminderSettings {
  return {
    approvalOffsets: config.approvalReminderDays,
    renewalOffsets: config.renewalReminderDays,
    documentsAfterDays: config.documentsReminderAfterDays,
  };
}

export function digestOptions(config: Config): DigestOptions {
  return {
    staff: config.staff,
    locale: config.staffLocale,
    whenEmpty: config.digestWhenEmpty,
    settings: { approvalDueWithinDays: config.approvalDueWithinDays, renewalOffsets: config.renewalReminderDays },
  };
}

/** The daily watch's settings: the install check's connection, four servers at a time. */
export function watchOptions(config: Config): WatchOptions {
  return { tls: tlsCheckSettings(config), nearExpiryDays: config.watchNearExpiryDays, concurrency: 4 };
}
