import { SILENT } from '../../src/log.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { buildMail } from '../helpers/mail.js';
import { installedOrder, rawPath, sendRaw, startTestService, tableResolver, testConfig } from '../helpers/service.js';

// example.co.jp sends from this machine only and asks receivers to reject what fails DMARC.
const DNS = tableResolver({
  'example.co.jp TXT': ['v=spf1 ip4:127.0.0.1 -all'],
  '_dmarc.example.co.jp TXT': ['v=DMARC1; p=reject'],
  'evil.example TXT': ['v=spf1 ip4:127.0.0.1 -all'],
});
const CANCEL = 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため';
let svc: RunningService;
let config: Config;
let order: { id: string; completionId: string };

beforeAll(async () => {
  config = testConfig({ CERTDESK_REQUIRE_DMARC: '1' }); // no server in front: certdesk verifies at its SMTP door
  svc = await startTestService(config, SILENT, DNS);
  order = await installedOrder(svc, config);
});
afterAll(() => svc.stop());

async function deliver(raw: Buffer, envelopeFrom: string) {
  const [answer] = await sendRaw(svc.smtpPort, [{ raw, from: envelopeFrom }]);
  expect(answer?.ok).toBe(true);
  await svc.pipeline.idle();
  const data = await svc.store.read();
  return { data, record: data.inbound.at(-1)! };
}

describe('at the SMTP door certdesk verifies SPF, DKIM and DMARC itself', () => {
  it('a spoofed From: DMARC fails at our own check, nothing changes', async () => {
    const { data, record } = await deliver(
      buildMail({ from: 'taro@example.co.jp', body: CANCEL }),
      'mallory@evil.example',
    );
    expect(record.outcome).toBe('authentication-failed');
    expect(record.trust).toContainEqual(expect.stringMatching(/^dmarc=fail/));
    expect(data.orders[0]!.status).toBe('installed');
  });

  it('a forged stamp with our own authserv-id is renamed, never believed', async () => {
    const forged = buildMail({
      from: 'taro@example.co.jp',
      body: CANCEL,
      headers: { 'Authentication-Results': 'biz-mail.example.jp; dmarc=pass header.from=example.co.jp' },
    });
    const { data, record } = await deliver(forged, 'mallory@evil.example');
    expect(record.outcome).toBe('authentication-failed');
    const kept = readFileSync(rawPath(config, record.rawSha256), 'latin1');
    expect(kept).toMatch(/^Received-SPF: [\s\S]*\r\nAuthentication-Results: biz-mail\.example\.jp;/);
    expect(kept).toContain('X-Original-Authentication-Results: biz-mail.example.jp; dmarc=pass');
    expect(data.orders[0]!.status).toBe('installed');
  });

  it('the genuine contact, SPF-aligned: DMARC passes, the request is taken', async () => {
    const { data, record } = await deliver(
      buildMail({ from: 'taro@example.co.jp', inReplyTo: order.completionId, body: CANCEL }),
      'taro@example.co.jp',
    );
    expect(record.trust).toContainEqual(expect.stringMatching(/^dmarc=pass/));
    expect(record.outcome).toBe('cancellation-requested');
    expect(data.orders[0]!.status).toBe('cancel_requested');
  });
});
