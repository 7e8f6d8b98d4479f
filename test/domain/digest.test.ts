import { describe, expect, it } from 'vitest';
import { buildDigest, DIGEST_SECTIONS } from '../../src/domain/digest.js';
import { createOrder, type Order } from '../../src/domain/order.js';
import { applyEvent, type OrderEvent } from '../../src/domain/transitions.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { digestData, digestMail } from '../../src/outbox/digest-mail.js';
import { renderMail } from '../../src/outbox/render.js';
import { emptyStore, type StoreData } from '../../src/store/schema.js';
import { sampleInput } from '../helpers/orders.js';

const NOW = new Date('2026-12-10T00:00:00Z'); // 09:00 JST
const DAY = (d: string) => new Date(`${d}T01:00:00Z`);

function order(id: string, cn: string, events: [OrderEvent['type'] | OrderEvent, string][], over = {}): Order {
  let o = createOrder(sampleInput({ commonName: cn, contractId: `K-${id}`, ...over }), id, DAY('2026-11-01'));
  for (const [e, d] of events) o = applyEvent(o, typeof e === 'string' ? ({ type: e } as OrderEvent) : e, DAY(d));
  return o;
}

const inbound = (
  id: string,
  status: InboundRecord['status'],
  outcome: InboundRecord['outcome'],
  note: string,
): InboundRecord => ({
  id,
  rawSha256: 'a'.repeat(64),
  contentSha256: null,
  sameMessageIdAs: null,
  size: 100,
  messageId: null,
  via: 'smtp',
  envelopeFrom: null,
  envelopeTo: [],
  receivedAt: DAY('2026-12-08').toISOString(),
  status,
  from: 'stranger@evil.example',
  subject: 'x',
  intent: 'cancellation',
  orderId: null,
  outcome,
  note,
  why: [],
  trust: [],
  processedAt: DAY('2026-12-08').toISOString(),
  resolvedAt: null,
  staffNotifiedAt: null,
});

/** One item of every kind the digest knows. */
function everyKind(): StoreData {
  const s = emptyStore();
  const installed: [OrderEvent['type'] | OrderEvent, string][] = [
    ['approval_requested', '2026-01-05'],
    ['approved', '2026-01-06'],
    ['phone_checked', '2026-01-07'],
    [{ type: 'issued', expiresAt: new Date('2027-01-20T00:00:00Z') }, '2026-01-08'],
    ['installed', '2026-01-09'],
  ];
  s.orders.push(
    order('C-0001', 'cancel.example.co.jp', [
      ...installed,
      [{ type: 'cancel_requested', reason: 'サイト閉鎖' }, '2026-12-08'],
    ]),
    order('C-0002', 'due.example.co.jp', [['approval_requested', '2026-11-18']]),
    order('C-0003', 'expired.example.co.jp', [
      ['approval_requested', '2026-10-01'],
      ['approval_expired', '2026-10-28'],
    ]),
    order('C-0004', 'phone.example.co.jp', [
      ['approval_requested', '2026-12-01'],
      ['approved', '2026-12-03'],
    ]),
    order('C-0005', 'docs.example.co.jp', [['documents_requested', '2026-11-25']]),
    order('C-0006', 'renew.example.co.jp', installed),
    order('C-0007', 'contact.example.co.jp', [
      ...installed.slice(0, 3),
      [{ type: 'issued', expiresAt: new Date('2027-03-01T00:00:00Z') }, '2026-09-01'],
      ['installed', '2026-09-02'],
    ]),
  );
  s.applications.push({
    id: 'A-0001',
    contractId: 'K-C-0007',
    orderId: 'C-0007',
    kind: 'contact_change',
    status: 'open',
    openedAt: DAY('2026-12-09').toISOString(),
    detail: {
      newContact: { name: '木村 裕子', email: 'y.kimura@example.co.jp', phone: '06-1111-2222' },
      requestedBy: 'someone@example.co.jp',
    },
  });
  s.orders.push(
    order(
      'C-0008',
      'issue.example.co.jp',
      [
        ['approval_requested', '2026-12-01'],
        ['approved', '2026-12-03'],
      ],
      { validation: 'DV' },
    ),
    order(
      'C-0009',
      'install.example.co.jp',
      [
        ['approval_requested', '2026-12-01'],
        ['approved', '2026-12-02'],
        [{ type: 'issued', expiresAt: new Date('2027-03-01T00:00:00Z') }, '2026-12-04'],
      ],
      { validation: 'DV' },
    ),
    order(
      'C-0010',
      'held.example.co.jp',
      [
        ['approval_requested', '2026-12-01'],
        ['approved', '2026-12-02'],
        [{ type: 'issued', expiresAt: new Date('2027-03-01T00:00:00Z') }, '2026-12-03'],
        [
          {
            type: 'installed',
            check: { state: 'held', at: '2026-12-04T01:00:00Z', problem: 'installed, but the server serves serial 01' },
          },
          '2026-12-04',
        ],
      ],
      { validation: 'DV' },
    ),
  );
  const watched = order(
    'C-0011',
    'watched.example.co.jp',
    [
      ['approval_requested', '2026-12-01'],
      ['approved', '2026-12-02'],
      [{ type: 'issued', expiresAt: new Date('2027-03-01T00:00:00Z') }, '2026-12-03'],
      ['installed', '2026-12-03'],
    ],
    { validation: 'DV' },
  );
  watched.servedFindings = [
    {
      kind: 'replaced',
      fingerprint256: 'AB',
      at: '2026-12-04T22:00:00Z',
      detail: 'now serves another certificate from another CA',
      served: {
        serial: '02',
        fingerprint256: 'AB',
        subject: 'CN=watched.example.co.jp',
        issuer: 'CN=Other CA',
        dnsNames: ['watched.example.co.jp'],
        notBefore: '2026-12-01T00:00:00Z',
        notAfter: '2027-03-01T00:00:00Z',
      },
    },
  ];
  s.orders.push(watched);
  s.inbound.push(
    inbound('I-000001', 'held', 'sender-not-contact', 'stranger@evil.example is not the registered contact of C-0006'),
    inbound('I-000002', 'quarantined', 'unreadable', 'cannot be parsed'),
    inbound('I-000003', 'held', 'no-matching-order', 'no order of this sender names www.other.example'),
    inbound('I-000004', 'held', 'needs-review', 'a request beside a question'),
    inbound('I-000005', 'held', 'other-for-staff', 'no request recognised: "ありがとうございました"'),
    {
      ...inbound('I-000006', 'processed', 'cancellation-duplicate', 'same Message-ID as I-000001'),
      sameMessageIdAs: 'I-000001',
    },
  );
  s.outbox.push({
    id: 'M-000009',
    key: 'k',
    kind: 'renewal-reminder',
    orderId: 'C-0006',
    locale: 'ja',
    from: 'desk',
    to: ['taro@example.co.jp'],
    replyTo: null,
    subject: 's',
    text: 't',
    html: 'h',
    messageId: '<m@x>',
    inReplyTo: null,
    references: [],
    autoSubmitted: 'auto-generated',
    status: 'bounced',
    attempts: 1,
    createdAt: DAY('2026-12-01').toISOString(),
    nextAttemptAt: DAY('2026-12-01').toISOString(),
    leaseUntil: null,
    leaseOwner: null,
    sentAt: DAY('2026-12-01').toISOString(),
    deliveredTo: null,
    lastError: 'bounced: user unknown',
    bouncedAt: DAY('2026-12-02').toISOString(),
  } as StoreData['outbox'][number]);
  return s;
}

describe('the staff digest', () => {
  it('lists one item of every kind, each with why and the command that acts on it', () => {
    const digest = buildDigest(everyKind(), NOW);
    expect(digest.sections.map((s) => s.key)).toEqual([...DIGEST_SECTIONS]);
    expect(digest.total).toBe(DIGEST_SECTIONS.length);
    const commands = digest.sections.flatMap((s) => s.items.map((i) => i.command));
    expect(commands).toEqual([
      expect.stringContaining('certdesk cancel confirm C-0001'),
      expect.stringContaining('certdesk inbound show I-000001'),
      expect.stringContaining('certdesk inbound show I-000003'),
      expect.stringContaining('certdesk inbound show I-000004'),
      expect.stringContaining('certdesk inbound show I-000005'),
      expect.stringContaining('certdesk inbound show I-000006'),
      'certdesk order approved C-0002',
      expect.stringContaining('certdesk order approval-requested C-0003'),
      'certdesk order phone-checked C-0004',
      'certdesk order documents-received C-0005',
      expect.stringContaining('certdesk order issued C-0008 --cert'),
      'certdesk order installed C-0009',
      expect.stringContaining('certdesk order verify C-0010'),
      'certdesk order show C-0011',
      expect.stringContaining('certdesk order approval-requested C-0006'),
      'certdesk contact apply A-0001   (or: certdesk contact refuse A-0001 --why "…")',
      'certdesk outbox retry M-000009',
      expect.stringContaining('certdesk inbound show I-000002'),
    ]);
    // What staff can do by replying: decisions and held mail; the steps of an order stay in the shell.
    const byReply = digest.sections.flatMap((s) => s.items.map((i) => i.mailCommand)).filter(Boolean);
    expect(byReply).toEqual([
      'confirm C-0001   (or: reject C-0001 理由…)',
      'resolve I-000001',
      'resolve I-000003',
      'resolve I-000004',
      'resolve I-000005',
      'resolve I-000006',
      'apply A-0001   (or: refuse A-0001 理由…)',
      'retry M-000009',
      'resolve I-000002',
    ]);
    expect(digest.sections[0]!.items[0]).toMatchObject({ waitedDays: 2, customer: '株式会社エグザンプル' });
  });

  it('an approval past its deadline is expired, even before the reminder job marked it: never "-N days left"', () => {
    const s = emptyStore();
    s.orders.push(order('C-0001', 'late.example.co.jp', [['approval_requested', '2026-07-01']]));
    const digest = buildDigest(s, NOW);
    expect(digest.sections.map((x) => x.key)).toEqual(['approvals-expired']);
    expect(digest.sections[0]!.items[0]!.why.ja).toMatch(/期限 2026-07-27 を過ぎました/);
    expect(JSON.stringify(digest)).not.toMatch(/あと-\d|-\d+ days left/);
  });

  it.each(['ja', 'en'] as const)('renders in %s: counts at the top, every item with its command', (locale) => {
    const digest = buildDigest(everyKind(), NOW);
    const mail = renderMail('staff-digest', locale, {
      ...digestData(digest, locale),
      deskName: 'desk',
      deskAddress: 'd@x.jp',
    });
    const head = mail.text.split('==')[0]!;
    for (const s of digest.sections) {
      expect(head).toContain(String(s.items.length));
      for (const item of s.items) {
        expect(mail.text).toContain(item.command);
        expect(mail.text).toContain(item.why[locale]);
      }
    }
    expect(mail.html).toContain('certdesk cancel confirm C-0001');
    expect(mail.subject).toContain(String(digest.total));
  });

  it('an empty store has nothing to send; one digest per Tokyo day', () => {
    expect(buildDigest(emptyStore(), NOW)).toMatchObject({ total: 0, sections: [] });
    const digest = buildDigest(everyKind(), NOW);
    expect(digestMail(digest, ['staff@x.jp'], 'ja').key).toBe('digest:2026-12-10');
  });
});
