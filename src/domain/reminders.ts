import { isBusinessDay, nextBusinessDay } from './business-days.js';
import { approvalDeadline, lifetimeDays, renewalDate } from './deadlines.js';
import { daysBetween, jstDate, type JstDate } from './jst.js';
import type { Order } from './order.js';
import { openApprovalWindow } from './transitions.js';
import { DEFAULT_REMINDER_SETTINGS, renewalOffsetsFor, type ReminderSettings } from './reminder-settings.js';

export { DEFAULT_REMINDER_SETTINGS, renewalOffsetsFor, type ReminderSettings } from './reminder-settings.js';

export type DueAction =
  | {
      type: 'approval-reminder';
      key: string;
      orderId: string;
      cycle: number;
      offset: number;
      deadline: JstDate;
      daysLeft: number;
    }
  | { type: 'approval-expired'; key: string; orderId: string; cycle: number; deadline: JstDate }
  | { type: 'renewal-reminder'; key: string; orderId: string; renewalDate: JstDate; offset: number; daysLeft: number }
  | {
      type: 'documents-reminder';
      key: string;
      orderId: string;
      week: number;
      requestedDate: JstDate;
      waitingDays: number;
    };

/** What the reminder run needs of the store: the orders, and the keys of mails already queued. */
export interface ReminderState {
  orders: readonly Order[];
  outbox: readonly { key: string }[];
}

/**
 * The one reminder due now of a series: the one with the smallest offset
 * whose day has come. Earlier ones missed while the service was down are
 * never sent late; one already sent is not sent again.
 */
function latestDue(offsets: readonly number[], daysLeft: number, sent: (offset: number) => boolean): number | null {
  const due = offsets.filter((o) => daysLeft <= o);
  if (!due.length) return null;
  const latest = Math.min(...due);
  return sent(latest) ? null : latest;
}

/**
 * Everything due at `now`, as data: the scheduler and `certdesk reminders
 * run` apply it. Customer reminders go out on business days, except one
 * whose deadline comes before the next business day. An approval window
 * that has passed is expired (any day), and nothing more is sent for it.
 */
export function dueReminders(
  state: ReminderState,
  now: Date,
  settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): DueAction[] {
  const today = jstDate(now);
  const businessDay = isBusinessDay(today);
  const beforeNextBusinessDay = (deadline: JstDate) => deadline < nextBusinessDay(today);
  const queued = new Set(state.outbox.map((e) => e.key));
  const actions: DueAction[] = [];

  for (const order of state.orders) {
    const window = openApprovalWindow(order);
    if (window) {
      const deadline = approvalDeadline(window.requestedAt);
      const daysLeft = daysBetween(today, deadline);
      const base = { orderId: order.id, cycle: window.cycle, deadline };
      if (daysLeft < 0) {
        actions.push({
          type: 'approval-expired',
          key: `${order.id}:approval-expired:${window.cycle}:${deadline}`,
          ...base,
        });
        continue;
      }
      if (!businessDay && !beforeNextBusinessDay(deadline)) continue;
      const key = (offset: number) => `${order.id}:approval-reminder:${window.cycle}:${deadline}:${offset}`;
      const offset = latestDue(settings.approvalOffsets, daysLeft, (o) => queued.has(key(o)));
      if (offset !== null) actions.push({ type: 'approval-reminder', key: key(offset), ...base, offset, daysLeft });
      continue;
    }

    if (order.status === 'installed' && !order.renewal && order.steps.issuedAt) {
      const cert = {
        issuedAt: new Date(order.steps.issuedAt),
        expiresAt: order.steps.expiresAt ? new Date(order.steps.expiresAt) : null,
      };
      const date = renewalDate(cert);
      const daysLeft = daysBetween(today, date);
      if (daysLeft < 0 || (!businessDay && !beforeNextBusinessDay(date))) continue;
      const key = (offset: number) => `${order.id}:renewal-reminder:${date}:${offset}`;
      const offsets = renewalOffsetsFor(lifetimeDays(cert), settings.renewalOffsets);
      const offset = latestDue(offsets, daysLeft, (o) => queued.has(key(o)));
      if (offset !== null)
        actions.push({
          type: 'renewal-reminder',
          key: key(offset),
          orderId: order.id,
          renewalDate: date,
          offset,
          daysLeft,
        });
      continue;
    }

    if (order.status === 'documents_pending' && order.steps.documentsRequestedAt && businessDay) {
      const requestedDate = jstDate(new Date(order.steps.documentsRequestedAt));
      const waitingDays = daysBetween(requestedDate, today);
      if (waitingDays < settings.documentsAfterDays) continue;
      const week = Math.floor((waitingDays - settings.documentsAfterDays) / 7);
      const key = `${order.id}:documents-reminder:${requestedDate}:${week}`;
      if (!queued.has(key))
        actions.push({ type: 'documents-reminder', key, orderId: order.id, week, requestedDate, waitingDays });
    }
  }
  return actions;
}
