import { join } from 'node:path';
import { mailContext, verifiesAtSmtp, type Config } from './config.js';
import { digestOptions, ownAuthservId, processContext, reminderSettings, watchOptions } from './service-settings.js';

export { digestOptions, ownAuthservId, processContext, reminderSettings, watchOptions } from './service-settings.js';
import { authenticationStamper, type DnsResolver } from './inbound/stamp-authentication.js';
import { ImapConsumer } from './inbound/imap-consumer.js';
import { IN_THREAD, threadedReader, type MailReader } from './read/mail-reader.js';
import { InboundPipeline } from './inbound/inbound-pipeline.js';
import { RawStore } from './inbound/raw-store.js';
import { ListenerUnavailable } from './inbound/errors.js';
import { startSmtpListener } from './inbound/smtp-listener.js';
import { createTransport } from './outbox/create-transport.js';
import { threadedComposer } from './outbox/mail-composer.js';
import { mailThreadPool } from './thread-pool.js';
import { OutboxSender } from './outbox/sender.js';
import { prepareDataFolder } from './store/data-folder.js';
import { Store } from './store/store.js';
import { runReminders } from './act/run-reminders.js';
import { sendDigest } from './act/send-digest.js';
import { startSchedule } from './schedule/scheduler.js';
import { watchServed } from './act/watch-served.js';
import { errorField, SILENT, stderrLog, type Log } from './log.js';
import { sendStaffNotice } from './act/send-staff-notice.js';

/** Mails that come within this of each other go to staff in one instant notice. */
const STAFF_NOTICE_BATCH_MS = 3 * 60_000;

export interface RunningService {
  store: Store;
  sender: OutboxSender;
  pipeline: InboundPipeline;
  smtpPort: number;
  /** The LMTP doors: the Unix socket's path, and HOST:PORT when one is configured. */
  lmtp: string[];
  imap: ImapConsumer | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** How often the outbox is looked at (the CLI queues mail; the service sends it). */
  outboxPollMs?: number;
  /** How often stored but unread mail is looked for (after a failed step; a start always looks). */
  inboundSweepMs?: number;
  imapIdleDelayMs?: number;
  /** First and longest wait before reconnecting to IMAP. */
  imapBackoffMs?: [number, number];
  /** Where the JSON log lines go (default: standard error at CERTDESK_LOG_LEVEL). */
  log?: Log;
  /** Instant staff notices: how often they are looked for, and how long one waits for others to join it. */
  staffNoticePollMs?: number;
  staffNoticeBatchMs?: number;
  /** DNS for the SMTP door's SPF/DKIM/DMARC checks (tests answer from a table, offline). */
  resolver?: DnsResolver;
}

export function inboundPipeline(
  config: Config,
  store: Store,
  log: Log = SILENT,
  reader: MailReader = IN_THREAD,
): InboundPipeline {
  return new InboundPipeline(
    store,
    new RawStore(join(config.dataDir, 'raw')),
    processContext(config),
    { maxMessageBytes: config.maxMessageBytes },
    log,
    () => new Date(),
    reader,
  );
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
  const log = options.log ?? stderrLog(config.logLevel);
  prepareDataFolder(config.dataDir, true);
  const store = new Store(config.storeFile);
  await store.open();
  await store.ensureFile(); // creates the file on a first start

  const transport = createTransport(config);
  const threads = mailThreadPool(config.mailThreads);
  const composer = threadedComposer(threads);
  const sender = new OutboxSender(store, transport, { composer }, log);
  sender.start(options.outboxPollMs ?? 2_000);

  const pipeline = inboundPipeline(config, store, log, threadedReader(threads));
  pipeline.kick(); // mail stored before a crash and not yet read
  const sweep = setInterval(() => pipeline.kick(), options.inboundSweepMs ?? 30_000);

  const [user, ...password] = (config.listenAuth ?? '').split(':');
  const listener = await startSmtpListener(
    pipeline,
    {
      host: config.listen.host,
      port: config.listen.port,
      deskAddress: config.deskAddress,
      maxMessageBytes: config.maxMessageBytes,
      maxRecipients: config.maxRecipients,
      maxConnections: config.maxConnections,
      ...(config.listenTlsKey && config.listenTlsCert
        ? { tls: { keyFile: config.listenTlsKey, certFile: config.listenTlsCert } }
        : {}),
      ...(config.listenAuth ? { auth: { user: user!, password: password.join(':') } } : {}),
      ...(verifiesAtSmtp(config) ? { stamp: authenticationStamper(ownAuthservId(config), options.resolver) } : {}),
    },
    log,
  ).catch(async (err: NodeJS.ErrnoException) => {
    // Nothing may keep running without its door: stop what started, then say why in one line.
    clearInterval(sweep);
    await sender.stop();
    await pipeline.idle();
    await threads?.close();
    throw new ListenerUnavailable(`${config.listen.host}:${config.listen.port}`, err);
  });

  // LMTP for an MTA in front: the same intake, no SMTP-door checks (the MTA did them and stamped the mail).
  const lmtpDoors = await Promise.all(
    [
      ...(config.lmtpSocketPath ? [{ path: config.lmtpSocketPath, host: '', port: 0 }] : []),
      ...(config.lmtpListen ? [{ path: undefined, ...config.lmtpListen }] : []),
    ].map((where: { path: string | undefined; host: string; port: number }) =>
      startSmtpListener(
        pipeline,
        {
          ...where,
          lmtp: true,
          deskAddress: config.deskAddress,
          maxMessageBytes: config.maxMessageBytes,
          maxRecipients: config.maxRecipients,
          maxConnections: config.maxConnections,
        },
        log,
      ).then(
        (door) => ({ ...door, where: where.path ?? `${where.host}:${door.port}` }),
        async (err: NodeJS.ErrnoException) => {
          await listener.close();
          clearInterval(sweep);
          await sender.stop();
          await pipeline.idle();
          await threads?.close();
          throw new ListenerUnavailable(`LMTP ${where.path ?? `${where.host}:${where.port}`}`, err);
        },
      ),
    ),
  );

  const imap = config.imapUrl
    ? new ImapConsumer(
        store,
        pipeline,
        {
          url: config.imapUrl,
          handledFolder: config.imapHandledFolder,
          quarantineFolder: config.imapQuarantineFolder,
          ...(options.imapIdleDelayMs ? { idleDelayMs: options.imapIdleDelayMs } : {}),
          ...(options.imapBackoffMs ? { backoffMs: options.imapBackoffMs } : {}),
        },
        log,
      )
    : null;
  imap?.start();

  const notices =
    config.staffNotify === 'instant'
      ? setInterval(() => {
          sendStaffNotice(store, new Date(), mailContext(config), {
            staff: config.staff,
            locale: config.staffLocale,
            batchMs: options.staffNoticeBatchMs ?? STAFF_NOTICE_BATCH_MS,
          }).then(
            (sent) => {
              if (!sent) return;
              log.info({ event: 'staff-notice', mail: sent.id }, 'staff told of new mail');
              void sender.kick();
            },
            (err: unknown) =>
              log.error({ event: 'failure', part: 'staff-notice', ...errorField(err) }, 'staff notice failed'),
          );
        }, options.staffNoticePollMs ?? 15_000)
      : null;

  const schedule = startSchedule(
    {
      remindersCron: config.remindersCron,
      digestCron: config.digestCron,
      async runReminders(now) {
        const run = await runReminders(store, now, mailContext(config), reminderSettings(config));
        return `${run.actions.length} due (${run.actions.map((a) => `${a.type} ${a.orderId}`).join(', ') || 'none'})`;
      },
      async sendDigest(now) {
        const sent = await sendDigest(store, now, mailContext(config), digestOptions(config));
        return sent.mail
          ? `${sent.digest.total} item${sent.digest.total === 1 ? '' : 's'}, mail ${sent.mail.id}`
          : 'nothing pending: none sent';
      },
      ...(config.tlsCheck === 'on'
        ? {
            watch: {
              cron: config.watchCron,
              async run(now: Date) {
                const w = await watchServed(store, () => now, watchOptions(config));
                return `${w.checked} servers asked, ${w.unanswered} unanswered, ${w.findings.length} new findings`;
              },
            },
          }
        : {}),
    },
    log,
  );

  const embedded = !config.smtpUrl && !config.imapUrl;
  say(`certdesk serving${embedded ? ' on its embedded default' : ''}`);
  say(`  data folder   ${config.dataDir}`);
  say(`  store         ${config.storeFile}`);
  say(`  raw mail      ${join(config.dataDir, 'raw')}, read ${pipeline.reader.describe}`);
  say(`  inbound SMTP  ${config.listen.host}:${listener.port} for ${config.deskAddress}`);
  say(
    `  inbound LMTP  ${lmtpDoors.map((d) => d.where).join(', ') || (config.lmtpSocket === 'off' ? 'off' : "off (the data folder's path is too long for a socket: set CERTDESK_LMTP_SOCKET)")}`,
  );
  if (imap) say(`  inbound IMAP  ${imap.mailbox} (handled → ${config.imapHandledFolder})`);
  say(`  outgoing mail ${transport.describe}, composed ${composer.describe}`);
  say(`  desk address  ${config.deskAddress}`);
  say(`  staff         ${config.staff.join(', ')}`);
  say(
    `  schedule      reminders "${config.remindersCron}", digest "${config.digestCron}"${config.tlsCheck === 'on' ? `, served-certificate watch "${config.watchCron}"` : ''} (Asia/Tokyo, business days)`,
  );
  say(
    `  staff notices ${config.staffNotify === 'instant' ? 'at once (cancellations, withdrawals, held mail; 3 minutes batched)' : 'in the daily digest only'}`,
  );
  say(`  secret        ${config.secretSource === 'env' ? 'from CERTDESK_SECRET' : `kept in ${config.dataDir}/secret`}`);
  say('Ctrl-C stops.');
  return {
    store,
    sender,
    pipeline,
    smtpPort: listener.port,
    lmtp: lmtpDoors.map((d) => d.where),
    imap,
    async stop() {
      clearInterval(sweep);
      if (notices) clearInterval(notices);
      schedule.stop();
      await listener.close();
      for (const door of lmtpDoors) await door.close();
      await imap?.stop();
      await pipeline.idle();
      await sender.stop();
      await threads?.close();
    },
  };
}
