import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { buildMail } from '../helpers/mail.js';
import { startPostfix, requirePostfixOrSkip, type PrivatePostfix } from '../helpers/postfix.js';
import { installedOrder, rawPath, sendRaw, startTestService, testConfig } from '../helpers/service.js';
import { readFileSync } from 'node:fs';

const DESK_DOMAIN = 'biz-mail.example.jp';

describe.skipIf(!requirePostfixOrSkip())('a real Postfix in front, handing mail over LMTP', () => {
  let postfix: PrivatePostfix;
  let svc: RunningService;
  let config: Config;

  beforeAll(async () => {
    postfix = await startPostfix({
      deskDomain: DESK_DOMAIN,
      transport: (deskDir) => `lmtp:unix:${join(deskDir, 'lmtp.sock')}`,
    });
    // The desk's data folder is the one shared with the postfix group (its socket takes the folder's group).
    config = testConfig({ CERTDESK_DATA_DIR: postfix.deskDir });
    svc = await startTestService(config);
  }, 30_000);
  afterAll(async () => {
    await svc?.stop();
    postfix?.stop();
  });

  /** Until the store holds n inbound mails, each read: Postfix delivers from its queue in its own time. */
  async function inboundCount(n: number) {
    for (let i = 0; i < 200; i++) {
      await svc.pipeline.idle();
      const data = await svc.store.read();
      if (data.inbound.length >= n && data.inbound.every((r) => r.status !== 'received')) return data;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail from Postfix after 20 s; its log:\n${postfix.log()}`);
  }

  it("a customer's reply sent to Postfix reaches certdesk over LMTP and is processed once", async () => {
    const order = await installedOrder(svc, config);
    const raw = buildMail({
      from: 'taro@example.co.jp',
      inReplyTo: order.completionId,
      body: 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため',
    });
    // To the desk and to its plus form in one transaction: Postfix makes it one LMTP delivery with two recipients.
    const [answer] = await sendRaw(postfix.port, [
      { raw, from: 'taro@example.co.jp', to: [`ssl-desk@${DESK_DOMAIN}`, `ssl-desk+c0001-x@${DESK_DOMAIN}`] },
    ]);
    expect(answer?.ok, answer?.response).toBe(true);
    const data = await inboundCount(1);
    expect(data.inbound).toHaveLength(1);
    const record = data.inbound[0]!;
    expect(record).toMatchObject({
      via: 'lmtp',
      envelopeFrom: 'taro@example.co.jp',
      outcome: 'cancellation-requested',
    });
    expect(record.envelopeTo.sort()).toEqual([`ssl-desk+c0001-x@${DESK_DOMAIN}`, `ssl-desk@${DESK_DOMAIN}`]);
    expect(data.orders[0]!.status).toBe('cancel_requested');
    // Kept raw as Postfix handed it: its own Received line on top of what the customer sent.
    const kept = readFileSync(rawPath(config, record.rawSha256), 'latin1');
    expect(kept).toMatch(/^Received: from [^\n]*\(localhost \[127\.0\.0\.1\]\)/);
    expect(kept).toContain(raw.toString('latin1').split('\r\n\r\n')[1]!.trim());
    expect(postfix.log()).toMatch(/status=sent \(250 2\.0\.0 queued as I-000001\)/);
  });
});
