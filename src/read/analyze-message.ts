import { classifyMessage } from '../classify/classify-message.js';
import type { Intent } from '../classify/decide-intent.js';
import { findCommonName } from '../extract/common-name.js';
import { extractContactFields, type ContactFields } from '../extract/contact-fields.js';
import { extractReason } from '../extract/reason.js';
import { MAX_TEXT_CHARS, type ParsedMessage } from '../parse/parse-message.js';
import { readReply } from '../parse/read-reply.js';

export { INTENTS, type Intent } from '../classify/decide-intent.js';

/** One rule that fired, on which line of the message text: why the message was read the way it was. */
export interface MatchReason {
  stage: 'classify' | 'quote' | 'extract' | 'charset';
  rule: string;
  line?: number | null;
  text?: string;
}

/** What a message asks for, judged from the message alone (no store, no network). */
export interface Analysis {
  intent: Intent;
  commonName: string | null;
  reason: string | null;
  contactChange: ContactFields | null;
  /** Signals that disagree in the mail: held for staff (needs-review) with this why, never acted on. */
  review: string | null;
  /** What a withdrawal takes back. */
  withdraws: 'cancellation' | 'contact_change' | null;
  /** Mail from a mailing list: never answered automatically. */
  list: boolean;
  /** The sender's own text (quotes and signature removed). */
  ownText: string;
  why: MatchReason[];
}

/**
 * Reads one parsed message, stage by stage and never back: parse (the
 * sender's own lines, form fields, sentences), classify (the intent, from
 * each sentence's signals), extract (the common name, the reason, the new
 * contact's fields).
 */
export function analyzeMessage(message: ParsedMessage): Analysis {
  const why: MatchReason[] = message.charsetRepairs.map((r) => ({ stage: 'charset', rule: r }));
  if (message.textCut)
    why.push({ stage: 'quote', rule: `text cut at ${MAX_TEXT_CHARS} characters: only its beginning is read` });
  const reply = readReply(message.text, message.subject);
  for (const c of reply.cuts) why.push({ stage: 'quote', rule: c.rule, line: c.line, text: c.text });
  const at = (line: number | null) => (line === null || line < 0 ? null : (reply.lines[line]?.at ?? null));

  const classified = classifyMessage(message, reply);
  for (const r of classified.rules)
    why.push({ stage: 'classify', rule: r.rule, line: at(r.line), ...(r.text ? { text: r.text } : {}) });
  const { intent } = classified;
  const base = {
    review: classified.review,
    withdraws: classified.withdraws,
    list: classified.list,
    ownText: reply.ownText,
  };
  if (intent === 'bounce' || intent === 'auto_reply')
    return { intent, commonName: null, reason: null, contactChange: null, ...base, why };

  const requests = classified.signals.filter((s) => /^(?:cancel|stop)-(?:request|mention|past)$/.test(s.kind));
  const mentionSentences = new Set(
    classified.signals.filter((s) => /^(?:cancel|stop|contact|retract)-/.test(s.kind)).map((s) => s.sentence),
  );
  let cn = findCommonName(
    reply.fields,
    reply.lines.map((l) => l.text),
    new Set(requests.map((s) => s.line)),
  );
  if (!cn.commonName && reply.subject) {
    const fromSubject = findCommonName([], [reply.subject]);
    if (fromSubject.commonName) cn = { ...fromSubject, rule: 'subject', line: null };
  }
  if (cn.commonName)
    why.push({ stage: 'extract', rule: `common name by ${cn.rule}`, line: at(cn.line), text: cn.commonName });
  if (cn.candidates.length > 1)
    why.push({
      stage: 'extract',
      rule: `other names mentioned: ${cn.candidates.filter((c) => c !== cn.commonName).join(', ')}`,
    });

  let reason: string | null = null;
  if (intent === 'cancellation') {
    const found = extractReason(reply.fields, reply.sentences, requests, mentionSentences);
    reason = found.reason;
    if (found.rule) why.push({ stage: 'extract', rule: `reason by ${found.rule}`, line: at(found.line) });
  }
  const contactSentences = new Set(
    classified.signals.filter((s) => s.kind.startsWith('contact-')).map((s) => s.sentence),
  );
  const contactChange =
    intent === 'contact_change'
      ? extractContactFields(reply.fields, reply.sentences, contactSentences, message.from?.address ?? null)
      : null;
  return { intent, commonName: cn.commonName, reason, contactChange, ...base, why };
}
