import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addOrder } from '../../src/act/add-order.js';
import { ChangeApplicationOpen, CommonNameInUse } from '../../src/domain/errors.js';
import { viewOrder } from '../../src/domain/order-view.js';
import { applyEvent } from '../../src/domain/transitions.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { orderAt, PATH_TO_INSTALLED_OV, sampleInput, T0 } from '../helpers/orders.js';

async function store() {
  const s = new Store(join(tempDir(), 'store.json'));
  await s.open();
  return s;
}

describe('adding an order', () => {
  it('a common name open under another contract needs --force; the same contract may order it again', async () => {
    const s = await store();
    await addOrder(s, sampleInput({ contractId: 'K-1' }), T0);
    expect((await addOrder(s, sampleInput({ contractId: 'K-1' }), T0)).id).toBe('C-0002');
    await expect(addOrder(s, sampleInput({ contractId: 'K-2' }), T0)).rejects.toThrow(CommonNameInUse);
    await expect(addOrder(s, sampleInput({ contractId: 'K-2' }), T0)).rejects.toThrow(
      /www\.example\.co\.jp is already open as order C-0001 of contract K-1/,
    );
    expect((await addOrder(s, sampleInput({ contractId: 'K-2' }), T0, { force: true })).id).toBe('C-0003');
  });

  it('is refused while the contract has an open change application, naming it', async () => {
    const s = await store();
    await addOrder(s, sampleInput({ contractId: 'K-1' }), T0);
    await s.transaction((d) => {
      d.applications.push({
        id: 'A-0001',
        contractId: 'K-1',
        orderId: 'C-0001',
        kind: 'cancellation',
        status: 'open',
        openedAt: T0.toISOString(),
      } as (typeof d.applications)[number]);
    });
    await expect(addOrder(s, sampleInput({ contractId: 'K-1', commonName: 'shop.example.co.jp' }), T0)).rejects.toThrow(
      ChangeApplicationOpen,
    );
    await expect(addOrder(s, sampleInput({ contractId: 'K-1', commonName: 'shop.example.co.jp' }), T0)).rejects.toThrow(
      /A-0001/,
    );
  });
});

describe('what staff are told', () => {
  it('a step that is not allowed names the steps that are', () => {
    expect(() => applyEvent(orderAt([]), { type: 'installed' }, T0)).toThrow(
      /not allowed while the order is received; possible now: documents-requested, approval-requested/,
    );
    const cancelled = orderAt(['cancel_requested', 'cancel_confirmed']);
    expect(() => applyEvent(cancelled, { type: 'approved' }, T0)).toThrow(/it takes no further step/);
  });

  it('a cancelled order shows no renewal date', () => {
    const installed = orderAt(PATH_TO_INSTALLED_OV);
    expect(viewOrder(installed, T0).renewalDate).not.toBeNull();
    const cancelled = applyEvent(
      applyEvent(installed, { type: 'cancel_requested', reason: 'x' }, T0),
      { type: 'cancel_confirmed' },
      T0,
    );
    expect(viewOrder(cancelled, T0).renewalDate).toBeNull();
  });
});
