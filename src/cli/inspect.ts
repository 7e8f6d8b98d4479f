import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyzeMessage } from '../read/analyze-message.js';
import { parseMessage } from '../parse/parse-message.js';
import { UsageError } from './errors.js';
import { printJson, out } from './print.js';

/** A file that cannot be a message: empty, or not text-like at all. */
function assertMessageLike(path: string, raw: Buffer): void {
  if (raw.length === 0) throw new UsageError(`${path}: empty file, not a message`);
  const head = raw.subarray(0, 4096).toString('latin1');
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(head)) throw new UsageError(`${path}: no header lines, not a message`);
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('read one message and print what it asks for (no store, no network)')
    .argument('<file.eml>', 'a raw RFC 5322 message')
    .option('--json', 'print the analysis as JSON')
    .action(async (path: string, flags: { json?: boolean }) => {
      let raw: Buffer;
      try {
        raw = await readFile(path);
      } catch (err) {
        throw new UsageError(
          `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        );
      }
      assertMessageLike(path, raw);
      const message = await parseMessage(raw);
      const analysis = analyzeMessage(message);
      const result = {
        intent: analysis.intent,
        commonName: analysis.commonName,
        reason: analysis.reason,
        contactChange: analysis.contactChange,
        review: analysis.review,
        withdraws: analysis.withdraws,
        messageId: message.messageId,
        from: message.from?.address ?? null,
        subject: message.subject,
        inReplyTo: message.inReplyTo,
        list: analysis.list,
        why: analysis.why,
      };
      if (flags.json) return printJson(result);
      const lines = [
        `intent:       ${result.intent}`,
        `common name:  ${result.commonName ?? '-'}`,
        `reason:       ${result.reason?.replace(/\n/g, ' / ') ?? '-'}`,
      ];
      if (result.review) lines.push(`review:       ${result.review}`);
      if (result.withdraws) lines.push(`withdraws:    ${result.withdraws}`);
      if (result.contactChange)
        lines.push(
          `new contact:  ${result.contactChange.name ?? '?'} <${result.contactChange.email ?? '?'}> ${result.contactChange.phone ?? '?'}`,
        );
      lines.push(`from:         ${result.from ?? '-'}`, `subject:      ${result.subject}`, 'why:');
      for (const w of result.why)
        lines.push(`  [${w.stage}] ${w.rule}${w.line ? ` (line ${w.line})` : ''}${w.text ? `: ${w.text}` : ''}`);
      out(lines.join('\n') + '\n');
    });
}
