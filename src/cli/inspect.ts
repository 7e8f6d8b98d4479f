import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { analyzeMessage } from '../read/analyze-message.js';
import { parseMessage } from '../parse/parse-message.js';
import { UsageError } from './errors.js';
import { printJson } from './print.js';

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
      const out = {
        intent: analysis.intent,
        commonName: analysis.commonName,
        reason: analysis.reason,
        contactChange: analysis.contactChange,
        messageId: message.messageId,
        from: message.from?.address ?? null,
        subject: message.subject,
        inReplyTo: message.inReplyTo,
        list: analysis.list,
        why: analysis.why,
      };
      if (flags.json) return printJson(out);
      const lines = [
        `intent:       ${out.intent}`,
        `common name:  ${out.commonName ?? '-'}`,
        `reason:       ${out.reason?.replace(/\n/g, ' / ') ?? '-'}`,
      ];
      if (out.contactChange)
        lines.push(
          `new contact:  ${out.contactChange.name ?? '?'} <${out.contactChange.email ?? '?'}> ${out.contactChange.phone ?? '?'}`,
        );
      lines.push(`from:         ${out.from ?? '-'}`, `subject:      ${out.subject}`, 'why:');
      for (const w of out.why)
        lines.push(`  [${w.stage}] ${w.rule}${w.line ? ` (line ${w.line})` : ''}${w.text ? `: ${w.text}` : ''}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
