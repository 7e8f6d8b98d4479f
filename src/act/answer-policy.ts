import { jstDate } from '../domain/jst.js';
import type { StoreData } from '../store/schema.js';

const NEVER_ANSWER = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)[@+]/i;

/**
 * Whether an automatic answer may go to this sender now: never to automatic
 * senders, never to ourselves, and at most one per sender, per kind, per
 * (Tokyo) day. Records the answer when it may.
 */
export function mayAnswer(
  draft: StoreData,
  sender: string | null,
  kind: string,
  deskAddress: string,
  now: Date,
): boolean {
  if (!sender || NEVER_ANSWER.test(sender)) return false;
  const deskLocal = deskAddress.slice(0, deskAddress.indexOf('@')).toLowerCase();
  const deskDomain = deskAddress.slice(deskAddress.indexOf('@')).toLowerCase();
  const s = sender.toLowerCase();
  if (s.endsWith(deskDomain) && (s.startsWith(`${deskLocal}@`) || s.startsWith(`${deskLocal}+`))) return false;
  const day = jstDate(now);
  if (draft.answers.some((a) => a.sender === s && a.kind === kind && a.day === day)) return false;
  // Older days are of no further use. Pruned once a day: replacing the list writes all of it to the journal.
  if (draft.answers.some((a) => a.day !== day)) draft.answers = draft.answers.filter((a) => a.day === day);
  draft.answers.push({ sender: s, kind, day });
  return true;
}
