import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { IN_THREAD, threadedReader } from '../src/read/mail-reader.js';
import { InboundPipeline } from '../src/inbound/inbound-pipeline.js';
import { enqueueMail } from '../src/outbox/enqueue-mail.js';
import { threadedComposer } from '../src/outbox/mail-composer.js';
import { setupCompletionMail } from '../src/outbox/mail-data.js';
import { compose } from '../src/outbox/transport.js';
import { emptyStore } from '../src/store/schema.js';
import { Store } from '../src/store/store.js';
import { mailThreadPool } from '../src/thread-pool.js';
import { tempDir } from './helpers/cli.js';
import { buildMail, COMPLETION_QUOTE, quoted } from './helpers/mail.js';
import { installedOrderNo } from './helpers/many-orders.js';
import { pipelineParts, TEST_PROCESS_CONTEXT } from './helpers/pipeline.js';

// The compiled worker: `npm test` builds before it runs the tests (a thread cannot load TypeScript).
const WORKER = pathToFileURL(resolve(import.meta.dirname, '../dist/mail-worker.js'));

const mails = [
  buildMail({
    charset: 'iso-2022-jp',
    body: `キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：閉鎖のため\n\n${quoted(COMPLETION_QUOTE)}`,
  }),
  buildMail({ charset: 'shift_jis', body: '担当者の変更をお願いします。\n新担当者：山田 花子' }),
  Buffer.from('\x00\x01 not a mail at all'),
];

describe('the mail threads', () => {
  it('read inbound mail exactly as the main thread does', async () => {
    const pool = mailThreadPool(1, WORKER)!;
    try {
      const reader = threadedReader(pool);
      expect(reader.describe).toBe('on 1 thread');
      for (const raw of mails) expect(await reader.read(raw)).toEqual(await IN_THREAD.read(raw));
    } finally {
      await pool.close();
    }
  });

  it('compose outgoing mail as the transport would: same envelope, same headers and text', async () => {
    const pool = mailThreadPool(1, WORKER)!;
    try {
      const entry = enqueueMail(
        emptyStore(),
        setupCompletionMail(installedOrderNo(7)),
        TEST_PROCESS_CONTEXT.mail,
        new Date(),
      );
      const threaded = (await threadedComposer(pool).compose(entry, 'windows'))!;
      const here = await compose(entry, 'windows');
      expect(threaded.envelope).toEqual(here.envelope);
      const [a, b] = await Promise.all([
        simpleParser(Buffer.from(threaded.message)),
        simpleParser(Buffer.from(here.message)),
      ]);
      for (const header of ['from', 'to', 'subject', 'message-id', 'date', 'auto-submitted'])
        expect(a.headers.get(header)).toEqual(b.headers.get(header));
      expect(a.text).toBe(b.text);
      expect(Buffer.from(threaded.message).includes('\r\n')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('without the compiled worker (running from source), or with 0 threads, there is no pool: work stays on the main thread', () => {
    expect(mailThreadPool(1, new URL('file:///nonexistent/mail-worker.js'))).toBeNull();
    expect(mailThreadPool(0, WORKER)).toBeNull();
    expect(threadedReader(null)).toBe(IN_THREAD);
  });

  it('a thread that fails is worked around on the main thread: the mail is read and processed, not set aside', async () => {
    const dir = tempDir();
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "export function read() { throw new Error('thread died'); }\n");
    const pool = mailThreadPool(1, pathToFileURL(broken))!;
    const store = new Store(join(dir, 'store.json'));
    const pipeline = new InboundPipeline(store, ...pipelineParts(dir), () => new Date(), threadedReader(pool));
    try {
      const { record } = await pipeline.receive(mails[0]!, { via: 'smtp' });
      const done = await pipeline.processOrQuarantine(record.id);
      expect(done.status).not.toBe('quarantined');
      expect(done.intent).toBe('cancellation');
      expect(await threadedComposer(pool).compose({} as never, 'unix')).toBeNull(); // the transport composes it
    } finally {
      await pool.close();
    }
  });
});
