import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { buildDigest, heldSection } from '../../src/domain/digest.js';
import type { RunningService } from '../../src/main.js';
import { plusAddress, signReplyToken } from '../../src/outbox/reply-token.js';
import { Store } from '../../src/store/store.js';
import { installedOrderNo } from '../helpers/many-orders.js';
import { buildMail } from '../helpers/mail.js';
import { sendRaw, startTestService, testConfig } from '../helpers/service.js';

const DESK = 'ssl-desk@biz-mail.example.jp';
const SECRET = 'impostor-test-secret-0123456789';
let svc: RunningService;
let config: Config;

beforeAll(async () => {
  config = testConfig({
    CERTDESK_PLUS_ADDRESSING: '1',
    CERTDESK_SECRET: SECRET,
    CERTDESK_REQUIRE_DMARC: '1',
    CERTDESK_AUTHSERV_ID: 'mx.biz-mail.example.jp',
  });
  const seed = new Store(config.storeFile);
  await seed.open();
  await seed.transaction((d) => {
    d.orders.push(installedOrderNo(1), installedOrderNo(2));
    d.counters.order = 2;
  });
  svc = await startTestService(config);
});
afterAll(async () => {
  await svc.stop();
});

const PASS = 'mx.biz-mail.example.jp; spf=pass; dkim=pass; dmarc=pass header.from=example.co.jp';
const token = (orderId: string) => plusAddress(DESK, signReplyToken(orderId, SECRET));
const request = (cn: string) =>
  `SSL証明書のキャンセルをお願いします。\nコモンネーム：${cn}\nキャンセル理由：不要になったため`;

const CASES: { name: string; from: string; to?: string; body: string; auth?: string; outcome: string }[] = [
  {
    name: "a stranger's address",
    from: 'someone@evil.example',
    to: token('C-0001'),
    body: request('www1.example.co.jp'),
    outcome: 'sender-not-contact',
  },
  {
    name: 'display-name spoofing',
    from: '"c1@example.co.jp" <attacker@evil.example>',
    to: token('C-0001'),
    body: request('www1.example.co.jp'),
    outcome: 'sender-not-contact',
  },
  {
    name: 'a forged Reply-To token',
    from: 'c1@example.co.jp',
    to: plusAddress(DESK, 'c0001-aaaaaaaaaaaaaaaa'),
    body: request('www1.example.co.jp'),
    outcome: 'forged-token',
  },
  {
    name: "a replayed token (order 1's) from order 2's contact",
    from: 'c2@example.co.jp',
    to: token('C-0001'),
    body: request('www1.example.co.jp'),
    outcome: 'sender-not-contact',
  },
  {
    name: "a valid token but another order's common name",
    from: 'c1@example.co.jp',
    to: token('C-0001'),
    body: request('www2.example.co.jp'),
    outcome: 'common-name-mismatch',
  },
  {
    name: 'the right address, but dmarc=fail at our server',
    from: 'c1@example.co.jp',
    to: token('C-0001'),
    body: request('www1.example.co.jp'),
    auth: 'mx.biz-mail.example.jp; dmarc=fail header.from=example.co.jp',
    outcome: 'authentication-failed',
  },
  {
    name: 'dmarc=pass stamped by a server we do not trust',
    from: 'c1@example.co.jp',
    to: token('C-0001'),
    body: request('www1.example.co.jp'),
    auth: 'mx.evil.example; dmarc=pass',
    outcome: 'authentication-failed',
  },
  {
    name: "a customer naming another customer's common name",
    from: 'c1@example.co.jp',
    body: request('www2.example.co.jp'),
    outcome: 'sender-not-contact', // found by its common name, then refused: c1 is not its contact
  },
];

describe('impostors: none changes an order; each is shown to staff with its reason', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const raw = buildMail({
        from: c.from,
        to: c.to ?? DESK,
        body: c.body,
        headers: { 'Authentication-Results': c.auth ?? PASS },
      });
      const before = (await svc.store.read()).inbound.length;
      const [answer] = await sendRaw(svc.smtpPort, [{ raw, to: [c.to ?? DESK] }]);
      expect(answer?.ok).toBe(true);
      await svc.pipeline.idle();
      const data = await svc.store.read();
      const record = data.inbound[before]!;
      expect(record).toMatchObject({ outcome: c.outcome, status: 'held' });
      expect(record.note).toBeTruthy();
      expect(data.orders.map((o) => o.status)).toEqual(['installed', 'installed']);
      expect(data.orders.map((o) => o.history.length)).toEqual([5, 5]); // created + 4 steps: nothing added
      const section = buildDigest(data, new Date()).sections.find((s) => s.key === heldSection(c.outcome))!;
      expect(section.key).toMatch(/^held-(unauthorized|unmatched)$/); // an impostor's mail is never "a question"
      const item = section.items.find((i) => i.ref === record.id);
      expect(item?.why.en).toContain(c.outcome);
      // Only a mismatch from the real contact is answered (with what is wrong); an impostor is told nothing.
      const answers = data.outbox.filter((e) => e.to.some((t) => t.includes('evil')));
      expect(answers).toEqual([]);
    });

  it('and the real contact, token and DMARC pass: taken', async () => {
    const raw = buildMail({
      from: 'c1@example.co.jp',
      to: token('C-0001'),
      body: request('www1.example.co.jp'),
      headers: { 'Authentication-Results': PASS },
    });
    await sendRaw(svc.smtpPort, [{ raw, to: [token('C-0001')] }]);
    await svc.pipeline.idle();
    expect((await svc.store.read()).orders[0]!.status).toBe('cancel_requested');
  });
});
