import { dueReminders, type DueAction, type ReminderSettings } from '../domain/reminders.js';
import { applyEvent } from '../domain/transitions.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { reminderMail } from '../outbox/reminder-mail.js';
import type { Store } from '../store/store.js';
import { findOrder, replaceOrder } from './record-step.js';

export interface ReminderRun {
  actions: DueAction[];
  mails: OutboxEntry[];
}

/**
 * Apply what is due, in one transaction: expired approval windows are closed
 * (order or renewal → approval_expired) with their notice, and each reminder
 * is queued under its key, so a second run at the same moment does nothing.
 * With `dryRun` nothing is written: the actions are only listed.
 */
export async function runReminders(
  store: Store,
  now: Date,
  mail: MailContext,
  settings: ReminderSettings,
  options: { dryRun?: boolean } = {},
): Promise<ReminderRun> {
  if (options.dryRun) return { actions: dueReminders(await store.read(), now, settings), mails: [] };
  return store.transaction((draft) => {
    const actions = dueReminders(draft, now, settings);
    const mails: OutboxEntry[] = [];
    for (const action of actions) {
      let order = findOrder(draft, action.orderId);
      if (action.type === 'approval-expired') {
        order = applyEvent(order, { type: 'approval_expired' }, now, 'certdesk');
        replaceOrder(draft, order);
      }
      mails.push(enqueueMail(draft, reminderMail(order, action), mail, now));
    }
    return { actions, mails };
  });
}
