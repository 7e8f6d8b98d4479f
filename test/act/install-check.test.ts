import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { recordStep, undoStep } from '../../src/act/record-step.js';
import { sendStaffNotice } from '../../src/act/send-staff-notice.js';
import type { InstallCheck } from '../../src/domain/order.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { sampleInput } from '../helpers/orders.js';

const MAIL = { deskAddress: 'ssl-desk@example.jp', deskName: 'Desk', secret: 's'.repeat(32), plusAddressing: false };
const AT = new Date('2026-12-01T01:00:00Z');
const later = (min: number) => new Date(AT.getTime() + min * 60_000);
const held: InstallCheck = {
  state: 'held',
  at: later(1).toISOString(),
  host: 'www.example.co.jp',
  problem:
    'installed, but the server at www.example.co.jp:443 serves serial 01, issuer CN=Old CA, not-after 2026-12-20',
};

async function heldOrder() {
  const store = new Store(join(tempDir(), 'store.json'));
  await store.open();
  const o = await addOrder(store, sampleInput({ validation: 'DV' }), AT);
  for (const type of ['approval_requested', 'approved', 'issued'] as const)
    await recordStep(store, o.id, { type }, AT, MAIL);
  await recordStep(store, o.id, { type: 'installed', check: held }, later(1), MAIL, 'suzuki');
  return { store, id: o.id };
}

const completionMails = async (store: Store) =>
  (await store.read()).outbox.filter((m) => m.kind === 'setup-completion' && m.status !== 'withdrawn');

describe('an install the check could not verify', () => {
  it('is installed with its completion mail held; a later check that matches sends it, once', async () => {
    const { store, id } = await heldOrder();
    expect((await store.read()).orders[0]).toMatchObject({ status: 'installed', install: { state: 'held' } });
    expect(await completionMails(store)).toHaveLength(0);
    await recordStep(
      store,
      id,
      { type: 'install_checked', check: { ...held, at: later(2).toISOString() } },
      later(2),
      MAIL,
    );
    expect(await completionMails(store)).toHaveLength(0);
    const verified: InstallCheck = {
      state: 'verified',
      at: later(3).toISOString(),
      seenServedAt: later(3).toISOString(),
    };
    await recordStep(store, id, { type: 'install_checked', check: verified }, later(3), MAIL);
    expect(await completionMails(store)).toHaveLength(1);
    await expect(recordStep(store, id, { type: 'install_checked', check: verified }, later(4), MAIL)).rejects.toThrow(
      /not allowed while the order is installed \(not held\)/,
    );
  });

  it('staff hear of it at once, in the instant notice, once', async () => {
    const { store } = await heldOrder();
    const options = { staff: ['staff@example.jp'], locale: 'en' as const, batchMs: 180_000 };
    const notice = await sendStaffNotice(store, later(2), MAIL, options);
    expect(notice?.kind).toBe('staff-notice');
    expect(notice!.text).toContain('Completion mail held');
    expect(notice!.text).toContain(held.problem);
    expect(notice!.text).toContain('certdesk order verify C-0001');
    expect(await sendStaffNotice(store, later(3), MAIL, options)).toBeNull();
  });

  it('undo takes the install and its check back', async () => {
    const { store, id } = await heldOrder();
    await undoStep(store, id, later(5), { by: 'suzuki' });
    const o = (await store.read()).orders[0]!;
    expect(o.status).toBe('issued');
    expect(o.install).toBeUndefined();
  });
});
