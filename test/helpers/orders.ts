import { createOrder, NewOrder, type Order } from '../../src/domain/order.js';
import { applyEvent, type OrderEvent } from '../../src/domain/transitions.js';

export const sampleInput = (over: Partial<Record<string, unknown>> = {}): NewOrder =>
  NewOrder.parse({
    contractId: 'K-1001',
    commonName: 'www.example.co.jp',
    validation: 'OV',
    organization: { O: '株式会社エグザンプル', OU: '情報システム部', L: '千代田区', ST: '東京都', C: 'JP' },
    contact: { name: '山田 太郎', email: 'taro@example.co.jp', phone: '03-1234-5678' },
    locale: 'ja',
    ...over,
  });

export const T0 = new Date('2026-11-20T01:00:00Z');

export function orderAt(
  events: OrderEvent['type'][],
  over: Partial<Record<string, unknown>> = {},
  id = 'C-0001',
): Order {
  let order = createOrder(sampleInput(over), id, T0);
  for (const type of events) order = applyEvent(order, { type } as OrderEvent, T0);
  return order;
}

export const PATH_TO_INSTALLED_OV: OrderEvent['type'][] = [
  'approval_requested',
  'approved',
  'phone_checked',
  'issued',
  'installed',
];
export const PATH_TO_INSTALLED_DV: OrderEvent['type'][] = ['approval_requested', 'approved', 'issued', 'installed'];
