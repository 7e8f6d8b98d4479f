import { maxValidityDays } from './policy.js';
import { IllegalTransition, InvalidStepDate, NONE } from './errors.js';
import { DAY_IN_MS } from './jst.js';
import { checkIssuedCertificate, type CertFacts } from './certificate.js';
import {
  isClosed,
  type InstallCheck,
  WHOIS_APPROVAL_ENDED,
  type ApprovalMethod,
  type Order,
  type OrderStatus,
  type Renewal,
} from './order.js';

/** What can happen to an order; staff steps, the scheduler and inbound mail all speak this. */
export type OrderEvent =
  | { type: 'documents_requested' }
  | { type: 'documents_received' }
  | { type: 'approval_requested'; at?: Date; approval?: ApprovalMethod }
  | { type: 'approved' }
  | { type: 'phone_checked' }
  | { type: 'issued'; expiresAt?: Date | undefined; certificate?: CertFacts | undefined }
  | { type: 'installed'; at?: Date; check?: InstallCheck | undefined }
  | { type: 'install_checked'; check: InstallCheck }
  | { type: 'approval_expired' }
  | { type: 'cancel_requested'; reason: string | null; rawMail?: string | undefined }
  | { type: 'cancel_confirmed' }
  | { type: 'cancel_rejected'; why: string }
  | { type: 'cancel_withdrawn'; by: string }
  | { type: 'voided'; why: string };
export type OrderEventType = OrderEvent['type'];

const FIRST_CYCLE: Partial<Record<OrderEventType, Partial<Record<OrderStatus, (o: Order) => OrderStatus>>>> = {
  documents_requested: { received: () => 'documents_pending' },
  documents_received: { documents_pending: () => 'received' },
  approval_requested: { received: () => 'approval_pending', approval_expired: () => 'approval_pending' },
  approved: { approval_pending: (o) => (o.validation === 'OV' ? 'phone_check_pending' : 'approved') },
  phone_checked: { phone_check_pending: () => 'approved' },
  issued: { approved: () => 'issued' },
  installed: { issued: () => 'installed' },
  approval_expired: { approval_pending: () => 'approval_expired' },
};

/**
 * Apply one event to an order and return the new order; the input is not
 * changed. An event the order's state does not allow throws IllegalTransition:
 * a wrong step is never a silent no-op.
 */
export function applyEvent(order: Order, event: OrderEvent, now: Date, by?: string): Order {
  try {
    return applyAllowedEvent(order, event, now, by);
  } catch (err) {
    // Say what is possible instead, in the words staff type.
    if (err instanceof IllegalTransition && !err.allowed.length) {
      const allowed = nextSteps(order, now);
      throw new IllegalTransition(err.orderId, err.from, err.event, allowed.length ? allowed : NONE);
    }
    throw err;
  }
}

/** The staff steps (CLI verbs) an order can take now. */
export function nextSteps(order: Order, now: Date): string[] {
  const probes: OrderEvent[] = [
    { type: 'documents_requested' },
    { type: 'documents_received' },
    { type: 'approval_requested' },
    { type: 'approved' },
    { type: 'phone_checked' },
    { type: 'issued' },
    { type: 'installed' },
  ];
  const steps = probes
    .filter((e) => {
      try {
        applyAllowedEvent(order, e, now);
        return true;
      } catch {
        return false;
      }
    })
    .map((e) => e.type.replace(/_/g, '-'));
  if (order.status === 'cancel_requested') steps.push('cancel confirm', 'cancel reject');
  return steps;
}

/** The method of an approval request: as given, else by its date (WHOIS only before 2025-07-15, then e-mail). */
export function approvalMethodOf(event: { at?: Date; approval?: ApprovalMethod }, now: Date): ApprovalMethod {
  if (event.approval) return event.approval;
  return { method: (event.at ?? now).getTime() < WHOIS_APPROVAL_ENDED ? 'whois' : 'email' };
}

function applyAllowedEvent(order: Order, event: OrderEvent, now: Date, by?: string): Order {
  checkStepDates(order, event, now);
  const at = now.toISOString();
  // A JSON copy, not structuredClone: the order may be a store transaction's draft (a Proxy).
  const next: Order = JSON.parse(JSON.stringify(order)) as Order;
  const from = order.status;
  let detail: string | undefined;

  if (event.type === 'voided') {
    // Entered by mistake: closed where it stands, its renewal and cancellation with it.
    if (isClosed(order)) throw new IllegalTransition(order.id, from, event.type);
    next.status = 'void';
    next.renewal = null;
    detail = event.why;
  } else if (event.type === 'cancel_requested') {
    if (from === 'cancel_requested' || isClosed(order)) throw new IllegalTransition(order.id, from, event.type);
    next.status = 'cancel_requested';
    next.steps.cancelRequestedAt = at;
    next.cancellation = {
      requestedAt: at,
      reason: event.reason,
      resumeStatus: from,
      ...(event.rawMail ? { rawMail: event.rawMail } : {}),
    };
    detail = event.reason ?? undefined;
  } else if (event.type === 'cancel_confirmed') {
    if (from !== 'cancel_requested') throw new IllegalTransition(order.id, from, event.type);
    next.status = 'cancelled';
    next.steps.cancelledAt = at;
    next.renewal = null;
  } else if (event.type === 'cancel_rejected') {
    if (from !== 'cancel_requested' || !order.cancellation) throw new IllegalTransition(order.id, from, event.type);
    next.status = order.cancellation.resumeStatus;
    next.cancellation = { ...order.cancellation, rejectedWhy: event.why };
    detail = event.why;
  } else if (event.type === 'install_checked') {
    // `order verify` again, or `order installed --unverified`: only while the completion mail is held.
    if (from !== 'installed' || order.install?.state !== 'held')
      throw new IllegalTransition(order.id, order.install?.state === 'held' ? from : `${from} (not held)`, event.type);
    next.install = {
      ...event.check,
      ...(order.install.staffNotifiedAt ? { staffNotifiedAt: order.install.staffNotifiedAt } : {}),
    };
    detail = installDetail(event.check);
  } else if (event.type === 'cancel_withdrawn') {
    // The customer took the request back: the order returns to where it was, the request stays in its history.
    if (from !== 'cancel_requested' || !order.cancellation) throw new IllegalTransition(order.id, from, event.type);
    next.status = order.cancellation.resumeStatus;
    next.cancellation = { ...order.cancellation, withdrawnAt: at };
    detail = `withdrawn by ${event.by}`;
  } else if (from === 'installed' && event.type !== 'documents_requested' && event.type !== 'documents_received') {
    detail = applyRenewalEvent(next, event, now);
  } else {
    const rule = FIRST_CYCLE[event.type]?.[from];
    if (!rule) throw new IllegalTransition(order.id, from, event.type);
    next.status = rule(order);
    stampStep(next, event, now);
  }
  if (event.type === 'installed' && next.status === 'installed') {
    if (event.check) {
      next.install = event.check;
      detail = [detail, installDetail(event.check)].filter(Boolean).join('; ');
    } else delete next.install;
    delete next.servedFindings;
  }

  next.history.push({
    at,
    event: event.type,
    from,
    to: next.status,
    ...(by ? { by } : {}),
    ...(detail ? { detail } : {}),
  });
  return next;
}

/** A clock a few minutes ahead of ours is still "now"; a date beyond that has not happened yet. */
const CLOCK_SKEW_MS = 5 * 60_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The dates staff give with a step must be possible: not in the future, not
 * before the step before it, and an expiry after the issue and within the
 * longest validity allowed on the issue date (SC-081v3, see policy.ts).
 */
export function checkStepDates(order: Order, event: OrderEvent, now: Date): void {
  const given = 'at' in event && event.at ? event.at : null;
  if (given) {
    if (given.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw new InvalidStepDate(order.id, `--at ${given.toISOString()} is in the future`);
    const previous = order.history.at(-1)?.at;
    if (previous && given.getTime() < new Date(previous).getTime())
      throw new InvalidStepDate(
        order.id,
        `--at ${given.toISOString()} is before the order's last step (${order.history.at(-1)!.event} at ${previous})`,
      );
  }
  if (event.type === 'issued' && event.certificate) checkIssuedCertificate(order, event.certificate, now);
  else if (event.type === 'issued' && event.expiresAt) {
    const lifetimeMs = event.expiresAt.getTime() - now.getTime();
    if (lifetimeMs <= 0)
      throw new InvalidStepDate(
        order.id,
        `--expires ${isoDay(event.expiresAt)} is not after the issue (${isoDay(now)})`,
      );
    const cap = maxValidityDays(now);
    if (lifetimeMs > cap * DAY_IN_MS)
      throw new InvalidStepDate(
        order.id,
        `--expires ${isoDay(event.expiresAt)} is ${Math.ceil(lifetimeMs / DAY_IN_MS)} days after the issue; a certificate issued on ${isoDay(now)} may be valid for at most ${cap} days`,
      );
  }
}

function stampStep(order: Order, event: OrderEvent, now: Date): void {
  const at = now.toISOString();
  const s = order.steps;
  switch (event.type) {
    case 'documents_requested':
      s.documentsRequestedAt = at;
      break;
    case 'documents_received':
      s.documentsReceivedAt = at;
      break;
    case 'approval_requested':
      // A new approval window: the lapse of an earlier one no longer counts.
      s.approvalRequestedAt = (event.at ?? now).toISOString();
      delete s.approvalExpiredAt;
      order.approval = approvalMethodOf(event, now);
      break;
    case 'approved':
      s.approvedAt = at;
      break;
    case 'phone_checked':
      s.phoneCheckedAt = at;
      break;
    case 'issued':
      s.issuedAt = at;
      if (event.certificate) {
        // The file is the fact: its not-after is the expiry.
        s.expiresAt = event.certificate.notAfter;
        order.certificate = event.certificate;
      } else if (event.expiresAt) s.expiresAt = event.expiresAt.toISOString();
      break;
    case 'installed':
      s.installedAt = (event.at ?? now).toISOString();
      break;
    case 'approval_expired':
      s.approvalExpiredAt = at;
      break;
    default:
      break;
  }
}

/**
 * A renewal runs on an installed order without leaving it installed: JPRS
 * confirms the domain again (26 days), phones OV applicants again (it may skip
 * that at renewal), issues, and the desk installs the new certificate.
 */
function applyRenewalEvent(order: Order, event: OrderEvent, now: Date): string {
  const at = now.toISOString();
  const r = order.renewal;
  const illegal = () => new IllegalTransition(order.id, r ? `installed (renewal ${r.stage})` : 'installed', event.type);
  switch (event.type) {
    case 'approval_requested': {
      if (r && r.stage !== 'approval_expired') throw illegal();
      const requested = (event.at ?? now).toISOString();
      order.renewal = { cycle: r?.cycle ?? order.cycle + 1, stage: 'approval_pending', approvalRequestedAt: requested };
      order.approval = approvalMethodOf(event, now);
      break;
    }
    case 'approved':
      if (r?.stage !== 'approval_pending') throw illegal();
      setRenewal(order, { stage: order.validation === 'OV' ? 'phone_check_pending' : 'approved', approvedAt: at });
      break;
    case 'phone_checked':
      if (r?.stage !== 'phone_check_pending') throw illegal();
      setRenewal(order, { stage: 'approved', phoneCheckedAt: at });
      break;
    case 'issued':
      // At renewal JPRS may skip the phone check, so an OV renewal may be issued straight from it;
      // and with both checks still inside their reuse periods (policy.ts), with no new check at all.
      if (!r) order.renewal = { cycle: order.cycle + 1, stage: 'issued' };
      else if (r.stage !== 'approved' && r.stage !== 'phone_check_pending') throw illegal();
      setRenewal(order, {
        stage: 'issued',
        issuedAt: at,
        ...(event.certificate
          ? { expiresAt: event.certificate.notAfter, certificate: event.certificate }
          : event.expiresAt
            ? { expiresAt: event.expiresAt.toISOString() }
            : {}),
      });
      break;
    case 'installed': {
      if (r?.stage !== 'issued' || !r.issuedAt) throw illegal();
      order.cycle = r.cycle;
      order.steps.issuedAt = r.issuedAt;
      // The checks of this cycle are the ones the next renewal's reuse periods count from (policy.ts).
      if (r.approvedAt) order.steps.approvedAt = r.approvedAt;
      if (r.phoneCheckedAt) order.steps.phoneCheckedAt = r.phoneCheckedAt;
      if (r.expiresAt) order.steps.expiresAt = r.expiresAt;
      else delete order.steps.expiresAt;
      if (r.certificate) order.certificate = r.certificate;
      else delete order.certificate;
      order.steps.installedAt = (event.at ?? now).toISOString();
      order.renewal = null;
      break;
    }
    case 'approval_expired':
      if (r?.stage !== 'approval_pending') throw illegal();
      setRenewal(order, { stage: 'approval_expired', approvalExpiredAt: at });
      break;
    default:
      throw illegal();
  }
  return `renewal cycle ${order.renewal?.cycle ?? order.cycle}`;
}

function installDetail(check: InstallCheck): string {
  switch (check.state) {
    case 'verified':
      return 'install verified: the server serves the issued certificate';
    case 'held':
      return `completion mail held: ${check.problem ?? 'not verified'}`;
    case 'unverified':
      return 'sent without verification';
    case 'off':
      return 'install not checked (CERTDESK_TLS_CHECK off)';
  }
}

/** The certificate the next `installed` puts on the server: the renewal's when one is issued, else the order's. */
export function certificateToInstall(order: Order): CertFacts | undefined {
  return order.status === 'installed' && order.renewal ? order.renewal.certificate : order.certificate;
}

/** The expiry the next `installed` puts on the server. */
export function expiryToInstall(order: Order): string | undefined {
  return order.status === 'installed' && order.renewal ? order.renewal.expiresAt : order.steps.expiresAt;
}

function setRenewal(order: Order, patch: Partial<Renewal>): void {
  order.renewal = { ...order.renewal!, ...patch };
}

/** The approval window the order is waiting on, first issue or renewal; null when none is open. */
export function openApprovalWindow(order: Order): { requestedAt: Date; cycle: number } | null {
  if (order.status === 'approval_pending' && order.steps.approvalRequestedAt)
    return { requestedAt: new Date(order.steps.approvalRequestedAt), cycle: order.cycle };
  if (order.status === 'installed' && order.renewal?.stage === 'approval_pending' && order.renewal.approvalRequestedAt)
    return { requestedAt: new Date(order.renewal.approvalRequestedAt), cycle: order.renewal.cycle };
  return null;
}
