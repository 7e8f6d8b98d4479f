import { createOrder, NewOrder, type Order } from '../../src/domain/order.js';
import { applyEvent, type OrderEvent } from '../../src/domain/transitions.js';
import { Store } from '../../src/store/store.js';
import { buildMail } from './mail.js';

const STEPS: OrderEvent[] = [
  { type: 'approval_requested' },
  { type: 'approved' },
  { type: 'issued', expiresAt: new Date('2027-05-01T00:00:00Z') },
  { type: 'installed' },
];

/** Installed DV order number i: its own common name and contact. */
export function installedOrderNo(i: number, at = new Date('2026-11-01T01:00:00Z')): Order {
  const id = `C-${String(i).padStart(4, '0')}`;
  let o = createOrder(
    NewOrder.parse({
      contractId: `K-${i}`,
      commonName: `www${i}.example.co.jp`,
      validation: 'DV',
      organization: { O: `株式会社テスト${i}`, L: '千代田区', ST: '東京都', C: 'JP' },
      contact: { name: `担当 ${i}`, email: `c${i}@example.co.jp`, phone: '03-1234-5678' },
    }),
    id,
    at,
  );
  for (const e of STEPS) o = applyEvent(o, e, at);
  return o;
}

/** A store file holding `count` installed orders, written in one transaction. */
export async function storeWithOrders(file: string, count: number): Promise<void> {
  const store = new Store(file);
  await store.open();
  await store.transaction((d) => {
    for (let i = 1; i <= count; i++) d.orders.push(installedOrderNo(i));
    d.counters.order = count;
  });
}

/** The cancellation reply of order i's contact, as a Japanese mail client writes it. */
export function cancellationOf(i: number): Buffer {
  return buildMail({
    from: `担当 ${i} <c${i}@example.co.jp>`,
    charset: 'iso-2022-jp',
    messageId: `<cancel-${i}@example.co.jp>`,
    body: `お世話になっております。\nSSL証明書のキャンセルをお願いします。\nコモンネーム：www${i}.example.co.jp\nキャンセル理由：サイト統合のため(${i})`,
  });
}
