import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InboundPipeline } from '../../src/inbound/inbound-pipeline.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { StoreUnavailable } from '../../src/store/errors.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { pipelineParts } from '../helpers/pipeline.js';

/** A pipeline whose reader fails the way given, to see what the doors then do. */
class Breaking extends InboundPipeline {
  constructor(
    store: Store,
    dir: string,
    private readonly failure: Error,
  ) {
    super(store, ...pipelineParts(dir));
  }
  protected override act(): Promise<InboundRecord> {
    return Promise.reject(this.failure);
  }
}

describe('a mail that breaks the reader', () => {
  it('is quarantined for staff rather than blocking the mail behind it', async () => {
    const dir = tempDir();
    const store = new Store(join(dir, 'store.json'));
    await store.open();
    const pipeline = new Breaking(store, dir, new Error('template missing'));
    const { record } = await pipeline.receive(buildMail({ body: 'x' }), { via: 'imap' });
    const done = await pipeline.processOrQuarantine(record.id);
    expect(done).toMatchObject({ status: 'quarantined', outcome: 'unreadable' });
    expect(done.note).toMatch(/processing failed: template missing/);
  });

  it('but a store that cannot be written leaves it received, to be tried again', async () => {
    const dir = tempDir();
    const store = new Store(join(dir, 'store.json'));
    await store.open();
    const pipeline = new Breaking(store, dir, new StoreUnavailable('x', new Error('ENOSPC')));
    const { record } = await pipeline.receive(buildMail({ body: 'y' }), { via: 'imap' });
    await expect(pipeline.processOrQuarantine(record.id)).rejects.toBeInstanceOf(StoreUnavailable);
    expect((await store.read()).inbound[0]!.status).toBe('received');
  });
});
