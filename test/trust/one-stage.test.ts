import { afterEach, describe, expect, it } from 'vitest';
import { openContactChange } from '../../src/act/apply-contact-change.js';
import { ACTION_HANDLERS } from '../../src/act/process-inbound.js';
import { mailContext } from '../../src/config.js';
import { enqueueMail } from '../../src/outbox/enqueue-mail.js';
import { orderBasics } from '../../src/outbox/mail-data.js';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { ACTIONS, type Action } from '../../src/trust/authorize.js';
import { plusAddress } from '../../src/outbox/reply-token.js';
import { signStaffToken } from '../../src/outbox/staff-token.js';
import { buildMail } from '../helpers/mail.js';
import { installedOrder, sendRaw, startTestService, testConfig } from '../helpers/service.js';

let svc: RunningService | null = null;
afterEach(async () => {
  await svc?.stop();
  svc = null;
});

const CONTACT = 'taro@example.co.jp';
const CANCEL = 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため';
const CHANGE =
  '担当者変更をお願いします。\nコモンネーム：www.example.co.jp\n新担当者：木村 裕子\nメール：y.kimura@example.co.jp\n電話：06-1111-2222';

// Setting up (the request a withdrawal takes back, the change a confirmation answers) is done by the real contact.
const GENUINE = { 'Authentication-Results': 'mx.biz-mail.example.jp; dmarc=pass header.from=example.co.jp' };

async function deliver(s: RunningService, raw: Buffer) {
  const [answer] = await sendRaw(s.smtpPort, [{ raw }]);
  expect(answer?.ok).toBe(true);
  await s.pipeline.idle();
  return s.store.read();
}

interface Setup {
  svc: RunningService;
  config: Config;
  completionId: string;
}

/**
 * For each action a mail can cause: how to get the order ready for it, and the mail that asks for it,
 * written with the From line the case gives. A new action without a case here fails the test below.
 */
const CASES: Record<
  Action,
  { ready?: (s: Setup, from: string) => Promise<string>; mail: (s: Setup, from: string, thread: string) => Buffer }
> = {
  cancellation: { mail: (s, from) => buildMail({ from, inReplyTo: s.completionId, body: CANCEL }) },
  withdrawal: {
    ready: async (s) => {
      const data = await deliver(
        s.svc,
        buildMail({ from: CONTACT, inReplyTo: s.completionId, body: CANCEL, headers: GENUINE }),
      );
      return data.outbox.find((e) => e.kind === 'cancellation-received')!.messageId;
    },
    mail: (_s, from, thread) =>
      buildMail({ from, inReplyTo: thread, body: '先日のキャンセル依頼は取り下げます。引き続き利用します。' }),
  },
  'contact-change': {
    mail: (s, from) => buildMail({ from, inReplyTo: s.completionId, subject: '担当者変更', body: CHANGE }),
  },
  'confirmation-reply': {
    // A change waiting for its confirmation, as a mail without proof leaves it.
    ready: (s) =>
      s.svc.store.transaction((draft) => {
        const order = draft.orders[0]!;
        const next = { name: '木村 裕子', email: 'y.kimura@example.co.jp', phone: '06-1111-2222' };
        const app = openContactChange(draft, order, next, CONTACT, new Date(), { awaitingConfirmation: true });
        const mail = enqueueMail(
          draft,
          {
            key: `${app.id}:contact-change-confirm`,
            kind: 'contact-change-confirm',
            orderId: order.id,
            locale: 'ja',
            to: [CONTACT],
            data: { ...orderBasics(order), newName: next.name, newEmail: next.email, newPhone: next.phone },
          },
          mailContext(s.config),
          new Date(),
        );
        return mail.messageId;
      }),
    mail: (_s, from, thread) => buildMail({ from, inReplyTo: thread, body: '承認' }),
  },
  // A staff command from the staff address to its signed address: the impostor's From stands in for the contact's.
  'staff-command': {
    mail: (s, from) =>
      buildMail({
        from: from.replace(CONTACT, s.config.staff[0]!),
        to: plusAddress(s.config.deskAddress, signStaffToken(s.config.staff[0]!, s.config.secret, new Date())),
        body: 'confirm C-0001',
      }),
  },
  acknowledgement: {
    mail: (s, from) =>
      buildMail({ from, inReplyTo: s.completionId, body: 'キャンセルをお願いします。キャンセル料はいくらですか？' }),
  },
};

// Each way a sender fails the stage, and the outcome it gets (acknowledgement: held for review, answered to no one).
const IMPOSTORS: Array<{ name: string; from: string; outcome: string; env: Record<string, string> }> = [
  {
    name: 'two From addresses, the contact first',
    from: `${CONTACT}, mallory@evil.example`,
    outcome: 'several-senders',
    env: {},
  },
  {
    name: 'the contact spoofed, DMARC required, no stamp',
    from: CONTACT,
    outcome: 'authentication-failed',
    env: { CERTDESK_REQUIRE_DMARC: '1', CERTDESK_AUTHSERV_ID: 'mx.biz-mail.example.jp' },
  },
];

describe('every action passes the one trust stage', () => {
  it('each action has a handler, and a case here', () => {
    expect(Object.keys(ACTION_HANDLERS).sort()).toEqual(Object.keys(ACTIONS).sort());
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const impostor of IMPOSTORS)
    for (const action of Object.keys(ACTIONS) as Action[])
      it(`${action}: ${impostor.name} changes nothing`, async () => {
        const config = testConfig(impostor.env);
        svc = await startTestService(config);
        const order = await installedOrder(svc, config);
        const setup = { svc, config, completionId: order.completionId };
        const thread = (await CASES[action].ready?.(setup, CONTACT)) ?? order.completionId;
        const before = await svc.store.read();
        const data = await deliver(svc, CASES[action].mail(setup, impostor.from, thread));
        const record = data.inbound.at(-1)!;
        const expected = { acknowledgement: 'needs-review', 'staff-command': 'staff-command-refused' } as const;
        expect(record.outcome).toBe(expected[action as keyof typeof expected] ?? impostor.outcome);
        if (action !== 'acknowledgement')
          expect(record.note).toMatch(impostor.outcome === 'several-senders' ? /From/ : /DMARC/i);
        expect(data.orders).toEqual(before.orders);
        expect(data.applications).toEqual(before.applications);
        expect(data.outbox.length).toBe(before.outbox.length);
      });
});
