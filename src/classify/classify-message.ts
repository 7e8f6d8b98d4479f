import type { ParsedMessage } from '../parse/parse-message.js';
import { subjectSentences, type Reply } from '../parse/read-reply.js';
import { CANCEL_REASON_LABEL } from '../rules/labels.js';
import { automaticBodyRule, autoReplyRule, isListMail } from './auto-reply.js';
import { bounceRule } from './bounce.js';
import { decideIntent, type Intent } from './decide-intent.js';
import { judgeSentence, type Signal } from './judge-sentence.js';

/** What the classify stage decides of a mail: its intent, and the signals it read it from. */
export interface Classification {
  intent: Intent;
  /** Signals that disagree: the mail is held for staff as needs-review. */
  review: string | null;
  withdraws: 'cancellation' | 'contact_change' | null;
  /** Mail from a mailing list: never acted on, never answered. */
  list: boolean;
  /** Every signal of the body's sentences. */
  signals: Signal[];
  /** Why, one rule per line. */
  rules: Array<{ rule: string; line: number | null; text?: string }>;
}

const none = (intent: Intent, rule: string, list: boolean): Classification => ({
  intent,
  review: null,
  withdraws: null,
  list,
  signals: [],
  rules: [{ rule, line: null }],
});

/**
 * The intent of a mail: bounce and automatic reply by their headers (and a
 * body that says so), list mail never acted on, then what the sender's own
 * sentences ask, each judged in its clause, and the form they filled in.
 */
export function classifyMessage(message: ParsedMessage, reply: Reply): Classification {
  const list = isListMail(message);
  const bounce = bounceRule(message);
  if (bounce) return none('bounce', `bounce: ${bounce}`, list);
  const auto = autoReplyRule(message);
  if (auto) return none('auto_reply', `auto-reply: ${auto}`, list);

  const signals = reply.sentences.flatMap(judgeSentence);
  const asks = signals.some((s) =>
    ['cancel-request', 'stop-request', 'contact-request', 'withdrawal'].includes(s.kind),
  );
  const automatic = asks ? null : automaticBodyRule(reply.ownText);
  if (automatic) return none('auto_reply', `auto-reply: ${automatic}`, list);
  const subject = subjectSentences(reply.subject)
    .flatMap(judgeSentence)
    .map((s) => ({ ...s, sentence: -1, line: -1, rule: `subject: ${s.rule}` }));
  const has = (kind: string) => reply.fields.some((f) => f.kind === kind && f.value.trim());
  const reasonNamesCancel = reply.fields.some(
    (f) => f.kind === 'reason' && CANCEL_REASON_LABEL.test(f.label.normalize('NFKC').toLowerCase()),
  );
  const contactSpoken = signals.some((s) => s.kind.startsWith('contact-'));
  const form = {
    cancelForm: has('commonName') && has('reason') && (reasonNamesCancel || !contactSpoken),
    contactForm: has('contactName') || has('contactEmail') || has('contactPhone'),
  };
  const decision = list
    ? { intent: 'other' as const, review: null, withdraws: null, rule: 'list mail: never acted on' }
    : decideIntent(signals, subject, form);
  const rules = [
    ...signals.map((s) => ({ rule: `${s.kind}: ${s.rule}`, line: s.line, text: s.text })),
    ...subject.map((s) => ({ rule: `${s.kind}: ${s.rule}`, line: null })),
    ...(form.cancelForm ? [{ rule: 'form: a common name and a reason filled in', line: null }] : []),
    {
      rule: `intent ${decision.intent}: ${decision.rule}${decision.review ? `; held for review: ${decision.review}` : ''}`,
      line: null,
    },
  ];
  return { intent: decision.intent, review: decision.review, withdraws: decision.withdraws, list, signals, rules };
}
