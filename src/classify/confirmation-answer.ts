import { COURTESY } from '../rules/closings.js';
import { APPROVE, DECLINE, NEGATED } from '../rules/confirmation.js';

/** The answer to a confirmation mail of ours, from the first line the sender wrote past the greetings; null when it is neither. */
export function confirmationAnswer(ownText: string): 'approve' | 'decline' | null {
  const first = ownText
    .split('\n')
    .map((l) => l.normalize('NFKC').trim().toLowerCase())
    .find((l) => l && !/(?:様|御中|さま|殿)$/.test(l) && !COURTESY.some(([, re]) => re.test(l) && !APPROVE.test(l)));
  if (!first) return null;
  if (DECLINE.test(first) || (APPROVE.test(first) && NEGATED.test(first))) return 'decline';
  return APPROVE.test(first) ? 'approve' : null;
}
