import { resolvedWords } from '../act/action-words.js';
import { resolveInbound } from '../act/staff-decisions.js';
import { formatJstTime } from '../domain/jst.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { InboundRecord } from '../inbound/inbound-record.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { printJson, out } from './print.js';
import { findById } from '../store/find-by-id.js';

/** What the sender wrote, decoded, quotes and signature removed: read again from the raw copy. */
/** The sender's own text of a stored mail (the parser is loaded only when a command needs it). */
export async function ownTextOf(rawFile: string): Promise<string | null> {
  try {
    const { parseMessage } = await import('../parse/parse-message.js');
    const { analyzeMessage } = await import('../read/analyze-message.js');
    return analyzeMessage(await parseMessage(await readFile(rawFile))).ownText;
  } catch {
    return null;
  }
}

export function rawFileOf(ctx: CliContext, r: InboundRecord): string {
  return join(ctx.settings().dataDir, 'raw', r.rawSha256.slice(0, 2), `${r.rawSha256}.eml`);
}

function find(records: InboundRecord[], id: string): InboundRecord {
  const record = findById(records, id.toUpperCase());
  if (!record) throw new UsageError(`no inbound mail ${id}`);
  return record;
}

export function register(program: Command, ctx: CliContext): void {
  const inbound = program.command('inbound').description('mail received: what it was and what was done');
  inbound
    .command('list')
    .description('received mail, newest last')
    .option('--waiting', 'only mail held for staff or quarantined, not yet resolved')
    .option('--json', 'print as JSON')
    .action(async (flags: { waiting?: boolean; json?: boolean }) => {
      const records = (await (await ctx.openStore()).read()).inbound.filter(
        (r) =>
          !flags.waiting || ((r.status === 'held' || r.status === 'quarantined' || r.sameMessageIdAs) && !r.resolvedAt),
      );
      if (flags.json) return printJson(records);
      for (const r of records)
        out(
          `${r.id} ${formatJstTime(r.receivedAt)} ${r.via.padEnd(4)} ${r.status.padEnd(11)} ${(r.outcome ?? '-').padEnd(24)} ${r.orderId ?? '-'} ${r.from ?? '-'} ${r.note ?? ''}\n`,
        );
    });
  inbound
    .command('show')
    .description('one mail: its outcome, why, and where its raw copy is')
    .argument('<id>', 'inbound id (I-000001)')
    .option('--json', 'print as JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      const r = find((await (await ctx.openStore()).read()).inbound, id);
      const raw = rawFileOf(ctx, r);
      const own = await ownTextOf(raw);
      if (flags.json) return printJson({ ...r, rawFile: raw, ownText: own });
      const lines = [
        `${r.id} received ${formatJstTime(r.receivedAt)} via ${r.via} (${r.size} bytes)`,
        `from:     ${r.from ?? '-'}   envelope: ${r.envelopeFrom ?? '<>'} → ${r.envelopeTo.join(', ') || '-'}`,
        `subject:  ${r.subject ?? '-'}`,
        `outcome:  ${r.status} / ${r.outcome ?? '-'}${r.orderId ? ` (order ${r.orderId})` : ''}`,
        `note:     ${r.note ?? '-'}`,
        ...(r.trust.length ? ['trust:', ...r.trust.map((t) => `  ${t}`)] : []),
        'why:',
        ...r.why.map((w) => `  ${w}`),
        "the sender's own text:",
        ...(own ?? '(the raw file cannot be read)').split('\n').map((l) => `  | ${l}`),
        `raw:      ${raw}`,
        ...(r.resolvedAt ? [`resolved: ${formatJstTime(r.resolvedAt)}`] : []),
      ];
      out(lines.join('\n') + '\n');
    });
  inbound
    .command('resolve')
    .description('staff dealt with a held or quarantined mail: it leaves the digest')
    .argument('<id>', 'inbound id')
    .action(async (id: string) => {
      const store = await ctx.openStore();
      const now = ctx.now();
      const r = await store.transaction((draft) => resolveInbound(draft, id, now));
      out(resolvedWords(r.id).join('\n') + '\n');
    });
}
