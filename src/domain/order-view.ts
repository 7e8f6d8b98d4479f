import { approverRole, registrableDomain, type ApproverRole } from './approver.js';
import { approvalDeadline, daysUntil, renewalDate } from './deadlines.js';
import type { JstDate } from './jst.js';
import { cancellationFeesApply, isClosed, type Order } from './order.js';
import { openApprovalWindow } from './transitions.js';

/** The order as `order show --json` prints it: the stored record plus what follows from it. Stable keys. */
export interface OrderView {
  id: string;
  contractId: string;
  commonName: string;
  validation: 'DV' | 'OV';
  status: Order['status'];
  locale: 'ja' | 'en';
  organization: Order['organization'];
  contact: Order['contact'];
  approverRole: ApproverRole;
  registrableDomain: string | null;
  /** While an approval window is open (first issue or renewal): its last JST day. */
  approvalDeadline: JstDate | null;
  approvalDaysLeft: number | null;
  /** Once issued: the JST date the certificate must be renewed by. */
  renewalDate: JstDate | null;
  expiresAt: string | null;
  cancellationFeesApply: boolean;
  cycle: number;
  renewal: Order['renewal'];
  cancellation: Order['cancellation'];
  steps: Order['steps'];
  /** The installed certificate's facts, read from its file. */
  certificate: Order['certificate'] | null;
  /** The install check: verified, held (and why), sent unverified, or not checked. */
  install: Order['install'] | null;
  servedFindings: NonNullable<Order['servedFindings']>;
  history: Order['history'];
}

/** What an order's one line shows (orderLine in act/action-words.ts): a list of thousands asks no domain table. */
export type OrderLineView = Pick<
  OrderView,
  'id' | 'status' | 'validation' | 'contractId' | 'commonName' | 'approvalDeadline' | 'renewalDate'
>;

export function viewOrderLine(order: Order): OrderLineView {
  const { id, status, validation, contractId, commonName } = order;
  return { id, status, validation, contractId, commonName, ...dueDates(order) };
}

/** The approval window's last day while one is open, and the renewal date once issued (a cancelled order is renewed by nobody). */
function dueDates(order: Order): Pick<OrderView, 'approvalDeadline' | 'renewalDate'> {
  const window = openApprovalWindow(order);
  const issuedAt = order.steps.issuedAt ? new Date(order.steps.issuedAt) : null;
  return {
    approvalDeadline: window ? approvalDeadline(window.requestedAt) : null,
    renewalDate:
      issuedAt && !isClosed(order)
        ? renewalDate({ issuedAt, expiresAt: order.steps.expiresAt ? new Date(order.steps.expiresAt) : null })
        : null,
  };
}

export function viewOrder(order: Order, now: Date): OrderView {
  const { approvalDeadline: deadline, renewalDate } = dueDates(order);
  return {
    id: order.id,
    contractId: order.contractId,
    commonName: order.commonName,
    validation: order.validation,
    status: order.status,
    locale: order.locale,
    organization: order.organization,
    contact: order.contact,
    approverRole: approverRole(order.commonName),
    registrableDomain: registrableDomain(order.commonName),
    approvalDeadline: deadline,
    approvalDaysLeft: deadline ? daysUntil(deadline, now) : null,
    renewalDate,
    expiresAt: order.steps.expiresAt ?? null,
    cancellationFeesApply: cancellationFeesApply(order),
    cycle: order.cycle,
    renewal: order.renewal,
    cancellation: order.cancellation,
    steps: order.steps,
    certificate: order.certificate ?? null,
    install: order.install ?? null,
    servedFindings: order.servedFindings ?? [],
    history: order.history,
  };
}
