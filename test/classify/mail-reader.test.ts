import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IN_THREAD, threadedReader } from '../../src/classify/mail-reader.js';
import { InboundPipeline } from '../../src/inbound/inbound-pipeline.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { buildMail, COMPLETION_QUOTE, quoted } from '../helpers/mail.js';
import { pipelineParts } from '../helpers/pipeline.js';

// The compiled worker: `npm test` builds before it runs the tests (a thread cannot load TypeScript).
const WORKER = pathToFileURL(resolve(import.meta.dirname, '../../dist/classify/read-worker.js'));

const mails = [
  buildMail({
    charset: 'iso-2022-jp',
    body: `キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：閉鎖のため\n\n${quoted(COMPLETION_QUOTE)}`,
  }),
  buildMail({ charset: 'shift_jis', body: '担当者の変更をお願いします。\n新担当者：山田 花子' }),
  Buffer.from('\x00\x01 not a mail at all'),
];

describe('reading mail on reader threads', () => {
  it('reads exactly as the main thread does', async () => {
    const reader = threadedReader(1, WORKER);
    try {
      expect(reader.describe).toBe('on 1 reader thread');
      for (const raw of mails) expect(await reader.read(raw)).toEqual(await IN_THREAD.read(raw));
    } finally {
      await reader.close();
    }
  });

  it('without the compiled worker (running from source), or with 0 threads, reads on the main thread', () => {
    expect(threadedReader(1, new URL('file:///nonexistent/read-worker.js'))).toBe(IN_THREAD);
    expect(threadedReader(0, WORKER)).toBe(IN_THREAD);
  });

  it('a reader thread that fails is read around on the main thread: the mail is processed, not set aside', async () => {
    const dir = tempDir();
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "export default function () { throw new Error('thread died'); }\n");
    const reader = threadedReader(1, pathToFileURL(broken));
    const store = new Store(join(dir, 'store.json'));
    const pipeline = new InboundPipeline(store, ...pipelineParts(dir), () => new Date(), reader);
    try {
      const { record } = await pipeline.receive(mails[0]!, { via: 'smtp' });
      const done = await pipeline.processOrQuarantine(record.id);
      expect(done.status).not.toBe('quarantined');
      expect(done.intent).toBe('cancellation');
    } finally {
      await reader.close();
    }
  });
});
