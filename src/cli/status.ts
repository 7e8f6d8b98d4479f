import { listening } from './listening.js';
import { formatJstTime } from '../domain/jst.js';
import { join } from 'node:path';
import { RawStore } from '../inbound/raw-store.js';
import type { Command } from 'commander';
import { buildDigest } from '../domain/digest.js';
import { digestOptions } from '../service-settings.js';
import type { CliContext } from './context.js';
import { ExitStatus } from './errors.js';
import { printJson, out } from './print.js';

const STUCK_MS = 15 * 60_000;

/**
 * At a glance, for staff and for a monitoring system: the digest's counts and
 * the health of each part. Exit 0 when nothing needs a person, 1 when
 * something does (each reason printed), 2 on bad input.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('counts of what is pending and the health of each part; exit 1 when something needs a person')
    .option('--json', 'print as JSON')
    .action(async (flags: { json?: boolean }) => {
      const config = ctx.fullConfig();
      const now = ctx.now();
      // The raw folder is listed and the listener asked while the store is read: waits on the disk and
      // the network that cost nothing beside the reading's work. Listed before it is read, each raw
      // file already recorded has its record in what is read.
      const raws = new RawStore(join(config.dataDir, 'raw'));
      const rawsOnDisk = raws.list();
      const listenerUp = config.listen.port === 0 ? null : listening(config.listen.host, config.listen.port);
      const data = await (await ctx.openStore()).read();
      const digest = buildDigest(data, now, digestOptions(config).settings);
      const pending = data.outbox.filter((e) => e.status === 'pending' || e.status === 'sending');
      const oldest = pending.reduce<string | null>((min, e) => (!min || e.createdAt < min ? e.createdAt : min), null);
      const known = new Set(data.inbound.map((r) => r.rawSha256));
      const unknownRaw = await raws.unknown(known, now.getTime(), rawsOnDisk);
      const health = {
        dataDir: config.dataDir,
        raw: { unknownToStore: unknownRaw.length, examples: unknownRaw.slice(0, 3).map((sha) => raws.pathOf(sha)) },
        listener: {
          address: `${config.listen.host}:${config.listen.port}`,
          up: await listenerUp,
        },
        imap: config.imapUrl
          ? {
              configured: true,
              lastSyncAt: data.imap?.lastSyncAt ?? null,
              lastError: data.imap?.lastError ?? null,
              lastErrorAt: data.imap?.lastErrorAt ?? null,
            }
          : { configured: false, lastSyncAt: null, lastError: null },
        outbox: {
          pending: pending.length,
          oldestPendingAt: oldest,
          failed: data.outbox.filter((e) => e.status === 'failed').length,
          bounced: data.outbox.filter((e) => e.status === 'bounced').length,
        },
        inbound: {
          unread: data.inbound.filter((r) => r.status === 'received').length,
          held: data.inbound.filter((r) => r.status === 'held' && !r.resolvedAt).length,
          quarantined: data.inbound.filter((r) => r.status === 'quarantined' && !r.resolvedAt).length,
        },
      };
      const problems = [
        ...(health.listener.up === false ? [`the SMTP listener on ${health.listener.address} does not answer`] : []),
        ...(health.imap.lastError ? [`IMAP: ${health.imap.lastError}`] : []),
        ...(oldest && now.getTime() - Date.parse(oldest) > STUCK_MS ? [`outgoing mail waiting since ${oldest}`] : []),
        ...(health.inbound.unread ? [`${health.inbound.unread} received mail not yet read`] : []),
        ...(unknownRaw.length
          ? [
              `${unknownRaw.length} raw mail on disk unknown to the store (${health.raw.examples.join(', ')}${unknownRaw.length > 3 ? ', …' : ''})`,
            ]
          : []),
        ...digest.sections.map((s) => `${s.items.length} ${s.key}`),
      ];
      const counts = Object.fromEntries(digest.sections.map((s) => [s.key, s.items.length]));
      if (flags.json) printJson({ date: digest.date, total: digest.total, counts, health, needsAttention: problems });
      else {
        out(`certdesk status ${digest.date}: ${digest.total} items pending (data in ${config.dataDir})\n`);
        for (const s of digest.sections) out(`  ${s.key.padEnd(18)} ${s.items.length}\n`);
        out(
          `listener ${health.listener.address}: ${health.listener.up === null ? 'not checked' : health.listener.up ? 'up' : 'DOWN'}\n` +
            `imap: ${imapLine(health.imap)}\n` +
            `outbox: ${health.outbox.pending} pending, ${health.outbox.failed} failed, ${health.outbox.bounced} bounced\n` +
            `inbound: ${health.inbound.unread} unread, ${health.inbound.held} held, ${health.inbound.quarantined} quarantined\n`,
        );
        out(problems.length ? `needs attention: ${problems.join('; ')}\n` : 'nothing needs attention\n');
      }
      if (problems.length) throw new ExitStatus(1, '');
    });
}

/** The IMAP door's health in a line: a failure first, with since when, then the last good sync. */
function imapLine(imap: {
  configured: boolean;
  lastSyncAt?: string | null;
  lastError?: string | null;
  lastErrorAt?: string | null;
}): string {
  if (!imap.configured) return 'not configured';
  const synced = imap.lastSyncAt ? `last good sync ${formatJstTime(imap.lastSyncAt)}` : 'never synced';
  return imap.lastError
    ? `FAILING${imap.lastErrorAt ? ` since ${formatJstTime(imap.lastErrorAt)}` : ''}: ${imap.lastError} (${synced})`
    : synced;
}
