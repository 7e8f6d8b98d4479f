import { domainToASCII } from 'node:url';
import { unicodeCommonName } from './common-name.js';
import type { Order } from './order.js';

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** What a search looks in: the order's number, names, contract, organization and contact. */
function haystack(order: Order): string[] {
  return [
    order.id,
    order.commonName,
    unicodeCommonName(order.commonName),
    order.contractId,
    order.organization.O,
    order.organization.OU ?? '',
    order.contact.name,
    order.contact.email,
  ].map(fold);
}

/**
 * The orders a staff member means by TEXT: a part of the common name
 * (Unicode or A-label), the contract, the organization, the contact's name
 * or address, or the order's number. Case, width and spacing do not matter.
 */
export function findOrders(orders: readonly Order[], text: string): Order[] {
  const needle = fold(text);
  if (!needle) return [];
  // A Unicode domain name typed as such is also looked for as its A-label.
  const ascii = /[^\x00-\x7f]/.test(needle) && needle.includes('.') ? domainToASCII(needle) : '';
  const needles = [needle, ...(ascii ? [ascii] : [])];
  return orders.filter((o) => haystack(o).some((h) => needles.some((n) => h.includes(n))));
}
