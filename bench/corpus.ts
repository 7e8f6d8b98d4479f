import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildMail, COMPLETION_QUOTE, quoted } from '../test/helpers/mail.js';

/** The shared reply corpus (when present beside the project) and our own replies, repeated to `count` distinct mails. */
export function replyMails(count: number): Buffer[] {
  const seeds: Buffer[] = [
    buildMail({
      from: 'c1@example.co.jp',
      charset: 'iso-2022-jp',
      body: `キャンセルをお願いします。\nコモンネーム：www1.example.co.jp\nキャンセル理由：閉鎖のため\n\n${quoted(COMPLETION_QUOTE)}`,
    }),
    buildMail({
      from: 'c2@example.co.jp',
      charset: 'shift_jis',
      body: `いつもお世話になっております。質問です。\n\n${quoted(COMPLETION_QUOTE)}`,
    }),
  ];
  const corpus = resolve(import.meta.dirname, '../../../shared/corpus');
  if (existsSync(corpus))
    for (const f of readdirSync(corpus).filter((f) => f.endsWith('.eml'))) seeds.push(readFileSync(join(corpus, f)));
  // Each copy its own Message-ID, so none is taken for a duplicate of another.
  return Array.from({ length: count }, (_, i) => {
    const seed = seeds[i % seeds.length]!.toString('latin1').replace(/^Message-ID:.*\r?\n/im, '');
    return Buffer.from(`Message-ID: <bench-${i}@bench.example>\r\n${seed}`, 'latin1');
  });
}
