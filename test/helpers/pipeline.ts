import { SILENT } from '../../src/log.js';
import { join } from 'node:path';
import type { ProcessContext } from '../../src/act/process-inbound.js';
import { RawStore } from '../../src/inbound/raw-store.js';

/** A desk for pipelines built by hand in tests. */
export const TEST_PROCESS_CONTEXT: ProcessContext = {
  mail: { deskAddress: 'd@x.jp', deskName: 'd', secret: 's'.repeat(20), plusAddressing: false },
  policy: { requireDmarc: false, authservId: null },
  staff: { addresses: ['staff@x.jp'], locale: 'ja' },
};

/** What InboundPipeline's constructor takes after the store, for a pipeline in `dir` that logs nothing. */
export function pipelineParts(dir: string) {
  return [new RawStore(join(dir, 'raw')), TEST_PROCESS_CONTEXT, { maxMessageBytes: 1 << 20 }, SILENT] as const;
}
