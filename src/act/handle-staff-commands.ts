import { addressKey, sameAddress } from '../domain/addresses.js';
import { DomainError, NothingToDecide } from '../domain/errors.js';
import { isUsable, readStaffCommands, type StaffCommand } from '../extract/staff-commands.js';
import { plusAddress } from '../outbox/reply-token.js';
import { signStaffToken } from '../outbox/staff-token.js';
import type { ActContext, ActResult } from './act-context.js';
import { contactChangedWords, decidedWords, refusedChangeWords, resolvedWords, retriedWords } from './action-words.js';
import { decideCancellationIn } from './decide-cancellation.js';
import { staffContactChangeIn } from './staff-contact-change.js';
import { openApplication, proposedContact, refuseContactChange, resolveInbound, retryMail } from './staff-decisions.js';

const needsWhy = (c: StaffCommand) => new NothingToDecide(`say why after the id: ${c.line.trim()} <理由 / reason>`);

/** One command on the draft, answered with the words the CLI prints for the same step; a refusal throws a DomainError. */
function run(ctx: ActContext, c: StaffCommand, by: string): string[] {
  const { draft, now, mail } = ctx;
  const cancellation = (orderId: string) => {
    if (c.verb === 'reject' && !c.rest) throw needsWhy(c);
    const decision = c.verb === 'approve' ? ({ confirm: true } as const) : { confirm: false as const, why: c.rest };
    const done = decideCancellationIn(draft, orderId, decision, now, mail, by);
    return decidedWords(done.order, done.mails, now);
  };
  switch (c.target.kind) {
    case 'C':
      return cancellation(c.target.id);
    case 'A': {
      const a = openApplication(draft, c.target.id);
      if (a.kind === 'cancellation') return cancellation(a.orderId);
      if (c.verb === 'reject') {
        if (!c.rest) throw needsWhy(c);
        return refusedChangeWords(refuseContactChange(draft, a.id, c.rest, now, by).id, c.rest);
      }
      return contactChangedWords(staffContactChangeIn(draft, a.orderId, proposedContact(a), now, mail, by), now);
    }
    case 'I':
      return resolvedWords(resolveInbound(draft, c.target.id, now).id);
    case 'M':
      return retriedWords(retryMail(draft, c.target.id, now).id);
  }
}

/**
 * A staff member's reply, after the trust stage let it through: each
 * command done in turn (a refused one does not stop the next), and one
 * answer to that staff member saying what was done, or why not.
 */
export function handleStaffCommands(ctx: ActContext): ActResult {
  // The trust stage let it through: its one From is a staff address, named here as CERTDESK_STAFF writes it.
  const from = ctx.message.fromAll[0]!.address;
  const staff = ctx.staff.addresses.find((s) => sameAddress(s, from)) ?? from;
  const results = readStaffCommands(ctx.message.text).map((c) => {
    if (!isUsable(c)) return { line: c.line.trim(), done: false, said: [c.problem] };
    try {
      return { line: c.line.trim(), done: true, said: run(ctx, c, staff) };
    } catch (err) {
      // A refusal changed nothing (each decision checks before it writes); anything else abandons the mail's transaction.
      if (err instanceof DomainError) return { line: c.line.trim(), done: false, said: [err.message] };
      throw err;
    }
  });
  const note = results.length
    ? `staff commands from ${staff}: ${results.map((r) => `${r.line}: ${r.done ? 'done' : `not done (${r.said[0]})`}`).join('; ')}`
    : `a mail from ${staff} to the staff address with no command at its top`;
  return {
    outcome: 'staff-command-done',
    orderId: null,
    note,
    notices: [
      {
        key: `${ctx.record.id}:staff-command-answer:${addressKey(staff)}`,
        kind: 'staff-command-answer',
        orderId: null,
        locale: ctx.staff.locale,
        to: [staff],
        replyTo: plusAddress(ctx.mail.deskAddress, signStaffToken(staff, ctx.mail.secret, ctx.now)),
        inReplyTo: ctx.message.messageId,
        data: { subject: ctx.message.subject, count: results.length, results },
      },
    ],
  };
}
