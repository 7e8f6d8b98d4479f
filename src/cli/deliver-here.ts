import type { CliContext } from './context.js';
import { printJson, out } from './print.js';

/**
 * `deliver` with no service running: the message stored raw here, then read
 * and acted on at once, by this process. Apart from deliver.ts because it
 * loads the whole inbound service, which the startup snapshot does not hold
 * (there, deliver hands this to the modules: modules-runner.ts).
 */
export async function storeHere(ctx: CliContext, raw: Buffer, json: boolean): Promise<void> {
  const config = ctx.fullConfig();
  const store = await ctx.openStore({ create: true });
  const { inboundPipeline } = await import('../main.js');
  const pipeline = inboundPipeline(config, store, await ctx.log());
  const { record, duplicate } = await pipeline.receive(raw, { via: 'pipe' });
  const done = await pipeline.processOrQuarantine(record.id);
  if (json) return printJson({ ...done, duplicate });
  out(
    `${done.id} ${duplicate ? 'already stored' : 'stored'}: ${done.outcome ?? done.status}${done.orderId ? ` ${done.orderId}` : ''}${done.note ? ` (${done.note})` : ''}\n`,
  );
}
