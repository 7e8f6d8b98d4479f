import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { editOrder, voidOrder } from '../../src/act/correct-order.js';
import { recordStep, undoStep } from '../../src/act/record-step.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { sampleInput } from '../helpers/orders.js';

const MAIL = { deskAddress: 'ssl-desk@example.jp', deskName: 'Desk', secret: 's'.repeat(32), plusAddressing: false };
const ISSUED = new Date('2026-12-01T01:00:00Z');
const staff = { by: 'suzuki', note: 'typo' };

async function issuedOrder() {
  const store = new Store(join(tempDir(), 'store.json'));
  await store.open();
  const o = await addOrder(store, sampleInput({ validation: 'DV' }), ISSUED);
  for (const type of ['approval_requested', 'approved'] as const) await recordStep(store, o.id, { type }, ISSUED, MAIL);
  await recordStep(store, o.id, { type: 'issued', expiresAt: new Date('2027-05-01T00:00:00Z') }, ISSUED, MAIL);
  return { store, id: o.id };
}

describe('order edit', () => {
  it('corrects expiry and contact with the checks they had, recorded; undo puts them back', async () => {
    const { store, id } = await issuedOrder();
    const later = new Date('2026-12-02T01:00:00Z');
    await expect(editOrder(store, id, { expiresAt: new Date('2027-12-31T00:00:00Z') }, later, staff)).rejects.toThrow(
      /not within 200 days after the issue \(2026-12-01\)/,
    );
    await expect(editOrder(store, id, { contact: { email: 'not-an-address' } }, later, staff)).rejects.toThrow();
    const done = await editOrder(
      store,
      id,
      { expiresAt: new Date('2027-06-01T00:00:00Z'), contact: { phone: '03-9999-0000' } },
      later,
      staff,
    );
    expect(done.changed).toEqual(['expiry 2027-05-01 → 2027-06-01', 'contact phone 03-1234-5678 → 03-9999-0000']);
    expect(done.order.history.at(-1)).toMatchObject({ event: 'edited', by: 'suzuki', note: 'typo' });
    // Dates keep their order and are never in the future.
    await expect(
      editOrder(store, id, { dates: { approvalRequestedAt: new Date('2026-11-01T00:00:00Z') } }, later, staff),
    ).rejects.toThrow(/before the one it follows/);
    await expect(
      editOrder(store, id, { dates: { approvalRequestedAt: new Date('2027-01-01T00:00:00Z') } }, later, staff),
    ).rejects.toThrow(/in the future/);
    const back = await undoStep(store, id, later, staff);
    expect(back.order.steps.expiresAt).toBe('2027-05-01T00:00:00.000Z');
    expect(back.order.contact.phone).toBe('03-1234-5678');
  });
});

describe('order void', () => {
  it('closes an order entered by mistake, withdraws its unsent mail; it takes no step; undo reopens it', async () => {
    const { store, id } = await issuedOrder();
    const done = await voidOrder(store, id, new Date('2026-12-02T01:00:00Z'), { by: 'suzuki', note: 'entered twice' });
    expect(done.order.status).toBe('void');
    expect(done.withdrawn).toEqual(['M-000001']); // the approval notice had not gone yet
    await expect(recordStep(store, id, { type: 'installed' }, new Date(), MAIL)).rejects.toThrow(
      /takes no further step/,
    );
    const back = await undoStep(store, id, new Date('2026-12-02T02:00:00Z'), staff);
    expect(back.order.status).toBe('issued');
  });
});
