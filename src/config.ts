import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { MailContext } from './outbox/enqueue-mail.js';

/** A configuration problem: every bad key at once, in one line. The CLI exits 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const hostPort = z
  .string()
  .regex(/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected HOST:PORT, e.g. 127.0.0.1:2525')
  .transform((s) => {
    const at = s.lastIndexOf(':');
    return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
  })
  .refine((a) => a.port <= 65535, 'port must be at most 65535');

const url = (protocols: string[]) =>
  z.url({
    protocol: new RegExp(`^(?:${protocols.join('|')})$`),
    error: `expected a ${protocols.join(':// or ')}:// URL`,
  });

const addressList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email('each address must be an e-mail address')));

const flag = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || ['1', 'true', 'yes', 'on'].includes(String(v)));

const dayList = z
  .union([z.array(z.number()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',').map((d) => Number(d.trim()))))
  .pipe(z.array(z.number().int().min(1).max(400)).min(1, 'at least one day'))
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));

const cron = z.string().regex(/^\S+(?:\s+\S+){4,5}$/, 'expected a cron expression of 5 or 6 fields');

/**
 * Every setting, its environment variable and its default. The embedded
 * default (no setting at all) runs on this machine alone: store and mail
 * under the installation's data/, inbound SMTP on loopback, outgoing mail as .eml files.
 */

/**
 * The project's own data/ folder: the default is resolved against the
 * installation, not the current directory, so a command run from another
 * folder still finds the store (and never starts a second one there).
 * dist/config.js and src/config.ts both sit one level below the project.
 */
export const INSTALLED_DATA_DIR = resolve(import.meta.dirname, '..', 'data');

export const SETTINGS = {
  dataDir: {
    env: 'CERTDESK_DATA_DIR',
    schema: z.string().min(1).default(INSTALLED_DATA_DIR),
    doc: 'everything certdesk writes: store, raw mail, outgoing .eml files',
  },
  listen: { env: 'CERTDESK_LISTEN', schema: hostPort.prefault('127.0.0.1:2525'), doc: 'inbound SMTP listener' },
  lmtpSocket: {
    env: 'CERTDESK_LMTP_SOCKET',
    schema: z.string().optional(),
    doc: 'inbound LMTP for an MTA in front (Postfix) on this Unix socket, mode 0660 with the group of its folder; default DATA_DIR/lmtp.sock; off: none',
  },
  lmtpListen: {
    env: 'CERTDESK_LMTP_LISTEN',
    schema: hostPort.optional(),
    doc: 'inbound LMTP also on this HOST:PORT (only where the MTA alone can reach it: LMTP asks no password)',
  },
  smtpUrl: {
    env: 'CERTDESK_SMTP_URL',
    schema: url(['smtp', 'smtps']).optional(),
    doc: 'outgoing SMTP (smtp://user:pass@host:587 uses STARTTLS, smtps:// TLS); unset = .eml files under data/outbox',
  },
  imapUrl: {
    env: 'CERTDESK_IMAP_URL',
    schema: url(['imap', 'imaps']).optional(),
    doc: 'inbound mailbox (imaps://user:pass@host/INBOX); unset = off',
  },
  deskAddress: {
    env: 'CERTDESK_DESK_ADDRESS',
    schema: z.email().default('ssl-desk@certdesk.localhost'),
    doc: "the desk's own address: From of every mail, the only recipient the listener accepts",
  },
  deskName: {
    env: 'CERTDESK_DESK_NAME',
    schema: z.string().min(1).max(80).default('Bizメール&ウェブ SSLデスク'),
    doc: 'the display name of the desk in From',
  },
  plusAddressing: {
    env: 'CERTDESK_PLUS_ADDRESSING',
    schema: flag.default(false),
    doc: 'Reply-To desk+<signed order token>@domain on mails customers answer (the mail server must deliver desk+anything to the desk)',
  },
  staff: {
    env: 'CERTDESK_STAFF',
    schema: addressList.default(['staff@certdesk.localhost']),
    doc: 'digest recipients, comma-separated',
  },
  secret: {
    env: 'CERTDESK_SECRET',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    doc: 'signs reply tokens; generated and kept in DATA_DIR/secret when unset',
  },
  maxMessageBytes: {
    env: 'CERTDESK_MAX_MESSAGE_BYTES',
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024),
    doc: 'largest inbound message accepted',
  },
  maxConnections: {
    env: 'CERTDESK_MAX_CONNECTIONS',
    schema: z.coerce.number().int().min(1).max(10_000).default(50),
    doc: 'inbound SMTP connections at once; more are told 421 (try later)',
  },
  staffNotify: {
    env: 'CERTDESK_STAFF_NOTIFY',
    schema: z.enum(['instant', 'digest']).default('instant'),
    doc: 'instant: a staff mail as soon as a cancellation, a withdrawal or a mail held for staff comes in (those within 3 minutes in one mail); digest: only the daily digest',
  },
  staffName: {
    env: 'CERTDESK_STAFF_NAME',
    schema: z.string().trim().min(1).max(80).optional(),
    doc: 'who a CLI staff action is recorded as (--by wins; default: the login name)',
  },
  deskNameEn: {
    env: 'CERTDESK_DESK_NAME_EN',
    schema: z.string().min(1).max(80).default('Biz Mail & Web SSL Desk'),
    doc: 'the display name of the desk in English mails (From and signature)',
  },
  deskPhone: {
    env: 'CERTDESK_DESK_PHONE',
    schema: z.string().trim().min(1).max(40).optional(),
    doc: "the desk's phone number in every mail's signature (unset: no phone line)",
  },
  deskHours: {
    env: 'CERTDESK_DESK_HOURS',
    schema: z.string().trim().min(1).max(80).optional(),
    doc: 'the hours the phone is answered, beside it (e.g. 平日 9:00〜17:30)',
  },
  logLevel: {
    env: 'CERTDESK_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'JSON log lines at this level and above: the service on stderr, CLI commands in DATA_DIR/certdesk.log',
  },
  maxRecipients: {
    env: 'CERTDESK_MAX_RECIPIENTS',
    schema: z.coerce.number().int().min(1).max(1000).default(20),
    doc: 'recipients accepted in one inbound SMTP transaction; more get 452 (try the rest later)',
  },
  mailThreads: {
    env: 'CERTDESK_MAIL_THREADS',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(Math.max(0, availableParallelism() - 1)),
    doc: 'threads beside the main one that read inbound mail and compose outgoing mail (0: all on the main thread); default: cores - 1',
  },
  listenTlsKey: {
    env: 'CERTDESK_LISTEN_TLS_KEY',
    schema: z.string().min(1).optional(),
    doc: 'PEM key file: with LISTEN_TLS_CERT, the listener offers STARTTLS (otherwise it does not)',
  },
  listenTlsCert: { env: 'CERTDESK_LISTEN_TLS_CERT', schema: z.string().min(1).optional(), doc: 'PEM certificate file' },
  listenAuth: {
    env: 'CERTDESK_LISTEN_AUTH',
    schema: z
      .string()
      .regex(/^[^:]+:.+$/, 'expected USER:PASSWORD')
      .optional(),
    doc: 'require SMTP AUTH (USER:PASSWORD) on the listener; needs TLS unless on loopback',
  },
  requireDmarc: {
    env: 'CERTDESK_REQUIRE_DMARC',
    schema: flag.default(false),
    doc: 'act on a request only when our trusted server stamped dmarc=pass in Authentication-Results',
  },
  authservId: {
    env: 'CERTDESK_AUTHSERV_ID',
    schema: z.string().min(1).optional(),
    doc: 'the authserv-id of the trusted server whose Authentication-Results count (others are ignored)',
  },
  smtpVerify: {
    env: 'CERTDESK_SMTP_VERIFY',
    schema: z.enum(['auto', 'on', 'off']).default('auto'),
    doc: 'verify SPF, DKIM and DMARC at the SMTP door and stamp our own Authentication-Results (auto: when no CERTDESK_AUTHSERV_ID server stands in front)',
  },
  imapHandledFolder: {
    env: 'CERTDESK_IMAP_HANDLED_FOLDER',
    schema: z.string().min(1).default('Handled'),
    doc: 'IMAP folder processed mail is moved to (created if missing)',
  },
  imapQuarantineFolder: {
    env: 'CERTDESK_IMAP_QUARANTINE_FOLDER',
    schema: z.string().min(1).default('Quarantine'),
    doc: 'IMAP folder for mail that could not be read (created if missing)',
  },
  approvalReminderDays: {
    env: 'CERTDESK_APPROVAL_REMINDER_DAYS',
    schema: dayList.default([19, 12, 5, 2, 1]),
    doc: 'days before the 26-day approval deadline a reminder goes to the customer',
  },
  renewalReminderDays: {
    env: 'CERTDESK_RENEWAL_REMINDER_DAYS',
    schema: dayList.default([60, 30, 14]),
    doc: 'days before the renewal date (scaled down for certificates shorter than a year)',
  },
  documentsReminderAfterDays: {
    env: 'CERTDESK_DOCUMENTS_REMINDER_DAYS',
    schema: z.coerce.number().int().min(1).max(90).default(7),
    doc: 'an order waiting this many days for documents is reminded, then weekly',
  },
  approvalDueWithinDays: {
    env: 'CERTDESK_DIGEST_APPROVAL_DAYS',
    schema: z.coerce.number().int().min(0).max(26).default(7),
    doc: 'the digest lists approvals whose deadline is this close',
  },
  digestWhenEmpty: {
    env: 'CERTDESK_DIGEST_WHEN_EMPTY',
    schema: flag.default(false),
    doc: 'send the digest even when nothing is pending',
  },
  staffLocale: {
    env: 'CERTDESK_STAFF_LOCALE',
    schema: z.enum(['ja', 'en']).default('ja'),
    doc: 'language of the staff digest',
  },
  tlsCheck: {
    env: 'CERTDESK_TLS_CHECK',
    schema: z.enum(['on', 'off']).default('on'),
    doc: "on `order installed`, connect to the server (TLS, SNI) and send the completion mail only when it serves the issued certificate; off: trust staff's word",
  },
  tlsCheckAddress: {
    env: 'CERTDESK_TLS_CHECK_ADDRESS',
    schema: z.string().min(1).optional(),
    doc: "connect the install check and the daily watch here instead of the host's own address (an internal network, a test server)",
  },
  tlsCheckPort: {
    env: 'CERTDESK_TLS_CHECK_PORT',
    schema: z.coerce.number().int().min(1).max(65535).default(443),
    doc: 'the port the install check and the daily watch connect to',
  },
  tlsCheckTimeoutMs: {
    env: 'CERTDESK_TLS_CHECK_TIMEOUT_MS',
    schema: z.coerce.number().int().min(100).max(120_000).default(10_000),
    doc: 'how long one TLS check waits for the server (milliseconds)',
  },
  tlsCheckCa: {
    env: 'CERTDESK_TLS_CHECK_CA',
    schema: z.string().min(1).optional(),
    doc: "a PEM file of roots trusted besides the system's (a private CA)",
  },
  watchCron: {
    env: 'CERTDESK_WATCH_CRON',
    schema: cron.default('0 7 * * 1-5'),
    doc: 'when the served certificates of installed orders are checked (Asia/Tokyo, business days)',
  },
  watchNearExpiryDays: {
    env: 'CERTDESK_WATCH_NEAR_EXPIRY_DAYS',
    schema: z.coerce.number().int().min(1).max(90).default(14),
    doc: 'the daily watch reports a served certificate this close to expiry with no renewal started',
  },
  digestCron: {
    env: 'CERTDESK_DIGEST_CRON',
    schema: cron.default('30 8 * * 1-5'),
    doc: 'when the staff digest goes out (Asia/Tokyo)',
  },
  remindersCron: {
    env: 'CERTDESK_REMINDERS_CRON',
    schema: cron.default('0 9 * * *'),
    doc: 'when customer reminders are checked (Asia/Tokyo)',
  },
} as const;

type Settings = typeof SETTINGS;
type Key = keyof Settings;
export type Config = Omit<{ [K in Key]: z.output<Settings[K]['schema']> }, 'secret'> & {
  secret: string;
  storeFile: string;
  /** The LMTP socket's path, or null when it is off. */
  lmtpSocketPath: string | null;
  secretSource: 'env' | 'file';
};

/**
 * Reads the settings from an optional JSON file (CERTDESK_CONFIG, keys as in
 * SETTINGS) overlaid by CERTDESK_* environment variables. Throws ConfigError
 * listing every bad key.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
): Omit<Config, 'secret' | 'secretSource'> & { secret?: string } {
  const problems: string[] = [];
  let fileValues: Record<string, unknown> = {};
  if (env.CERTDESK_CONFIG) {
    try {
      fileValues = JSON.parse(readFileSync(env.CERTDESK_CONFIG, 'utf8')) as Record<string, unknown>;
      for (const k of Object.keys(fileValues))
        if (!(k in SETTINGS)) problems.push(`${env.CERTDESK_CONFIG}: unknown key ${k}`);
    } catch (err) {
      throw new ConfigError([`CERTDESK_CONFIG ${env.CERTDESK_CONFIG}: ${(err as Error).message.split('\n')[0]}`]);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [Key, Settings[Key]][]) {
    const fromEnv = env[setting.env];
    const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fileValues[key];
    const parsed = (setting.schema as z.ZodType).safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${setting.env}: ${parsed.error.issues[0]!.message}`);
  }
  if (out.requireDmarc === true && !out.authservId && out.smtpVerify === 'off')
    problems.push(
      'CERTDESK_REQUIRE_DMARC: needs CERTDESK_AUTHSERV_ID (the server whose results are trusted) or CERTDESK_SMTP_VERIFY on',
    );
  if (Boolean(out.listenTlsKey) !== Boolean(out.listenTlsCert))
    problems.push('CERTDESK_LISTEN_TLS_KEY and CERTDESK_LISTEN_TLS_CERT go together');
  if (problems.length) throw new ConfigError(problems);
  const dataDir = resolve(out.dataDir as string);
  const socket = out.lmtpSocket as string | undefined;
  let lmtpSocketPath = socket === 'off' ? null : resolve(socket ?? join(dataDir, 'lmtp.sock'));
  // A Unix socket's path holds at most 107 bytes (sun_path): said here, not as EINVAL at the start.
  // The default under a deep data folder is left off (the start says so); one asked for is an error.
  if (lmtpSocketPath && Buffer.byteLength(lmtpSocketPath) > 107 && !socket) lmtpSocketPath = null;
  if (lmtpSocketPath && Buffer.byteLength(lmtpSocketPath) > 107)
    throw new ConfigError([
      `CERTDESK_LMTP_SOCKET: ${lmtpSocketPath} is longer than a Unix socket path may be (107 bytes); set a shorter one, or off`,
    ]);
  return {
    ...(out as Omit<Config, 'storeFile' | 'secretSource' | 'lmtpSocketPath'>),
    dataDir,
    storeFile: join(dataDir, 'store.json'),
    lmtpSocketPath,
  };
}

/** The signing secret: CERTDESK_SECRET, else one generated once and kept (mode 0600) under the data folder. */
export function resolveSecret(config: ReturnType<typeof loadConfig>): Config {
  if (config.secret) return { ...config, secret: config.secret, secretSource: 'env' };
  const file = join(config.dataDir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return { ...config, secret: readFileSync(file, 'utf8').trim(), secretSource: 'file' };
}

/** The configuration with every secret replaced, for printing. */
export function redactConfig(config: Config): Record<string, unknown> {
  const hide = (u: string | undefined) =>
    u
      ? u.replace(
          /\/\/([^@/]*)@/,
          (_m, cred: string) => `//${cred.includes(':') ? cred.split(':')[0] + ':***' : '***'}@`,
        )
      : u;
  return {
    ...config,
    secret: '***',
    smtpUrl: hide(config.smtpUrl),
    imapUrl: hide(config.imapUrl),
    listenAuth: config.listenAuth ? `${config.listenAuth.split(':')[0]}:***` : undefined,
  };
}

/** What every outgoing mail needs from the configuration. */
/** Whether the SMTP door verifies senders itself: on, or auto with no trusted server in front. */
export function verifiesAtSmtp(config: Pick<Config, 'smtpVerify' | 'authservId'>): boolean {
  return config.smtpVerify === 'on' || (config.smtpVerify === 'auto' && !config.authservId);
}

export function mailContext(config: Config): MailContext {
  return {
    deskAddress: config.deskAddress,
    deskName: config.deskName,
    deskNameEn: config.deskNameEn,
    deskPhone: config.deskPhone ?? null,
    deskHours: config.deskHours ?? null,
    secret: config.secret,
    plusAddressing: config.plusAddressing,
  };
}
