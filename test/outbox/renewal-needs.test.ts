import { describe, expect, it } from 'vitest';
import { renderMail } from '../../src/outbox/render.js';
import { reminderMail } from '../../src/outbox/reminder-mail.js';
import { sampleOrder } from '../../src/outbox/sample-data.js';
import type { Order } from '../../src/domain/order.js';

/** An OV order installed on 2026-04-10 after an approval on 04-01 and a phone check on 04-02. */
function installedOV(locale: 'ja' | 'en'): Order {
  const o = sampleOrder(locale);
  return {
    ...o,
    validation: 'OV',
    status: 'installed',
    approval: { method: 'email' },
    steps: {
      receivedAt: '2026-03-30T01:00:00Z',
      approvalRequestedAt: '2026-03-31T01:00:00Z',
      approvedAt: '2026-04-01T01:00:00Z',
      phoneCheckedAt: '2026-04-02T01:00:00Z',
      issuedAt: '2026-04-03T01:00:00Z',
      installedAt: '2026-04-10T01:00:00Z',
    },
  };
}

const reminder = (order: Order, renewalDate: string) => {
  const req = reminderMail(order, {
    type: 'renewal-reminder',
    key: 'k',
    orderId: order.id,
    renewalDate,
    offset: 30,
    daysLeft: 30,
  });
  return renderMail('renewal-reminder', order.locale, { ...req.data, deskName: 'Desk', deskAddress: 'Addr' }).text;
};

describe('the renewal reminder says which checks this renewal needs', () => {
  it('inside both reuse periods (renewing 2026-09-30): no approval mail, no phone check', () => {
    const text = reminder(installedOV('en'), '2026-09-30');
    expect(text).toContain('no approval mail this time');
    expect(text).toContain('no phone check this time');
    expect(text).toContain('This renewal should need nothing from you');
    expect(text).not.toContain('Without your response');
    expect(text).toContain('valid for at most 200 days');
  });

  it('past the domain reuse (renewing 2027-05-31, reuse 100 days): the approval mail and the phone call', () => {
    const text = reminder(installedOV('ja'), '2027-05-31');
    expect(text).toContain('ドメイン名利用権確認のメールが届きます');
    expect(text).toContain('admin@');
    expect(text).toContain('電話による確認がございます');
    expect(text).toContain('最長100日');
    expect(text).toContain('ご対応がない場合');
  });
});
