import type { Analysis } from '../read/analyze-message.js';
import type { InboundRecord, Outcome } from '../inbound/inbound-record.js';
import type { TrustPolicy } from '../trust/checks.js';
import type { MailContext, MailRequest } from '../outbox/enqueue-mail.js';
import type { ParsedMessage } from '../parse/parse-message.js';
import type { StoreData } from '../store/schema.js';
import type { Locale } from '../outbox/mail-kinds.js';

/** Everything one inbound mail is acted on with, inside the store transaction. */
export interface ActContext {
  draft: StoreData;
  record: InboundRecord;
  message: ParsedMessage;
  /** The raw message as latin1 text, for looking up our own Message-IDs in a bounce. */
  rawText: string;
  analysis: Analysis;
  mail: MailContext;
  policy: TrustPolicy;
  ownAuthservId?: string | null;
  /** Who may act by mail (CERTDESK_STAFF) and the language they are answered in. */
  staff: StaffContext;
  now: Date;
}

export interface StaffContext {
  addresses: readonly string[];
  locale: Locale;
}

export interface ActResult {
  outcome: Outcome;
  orderId: string | null;
  /** One line for staff. */
  note: string;
  /** The answer this outcome sends, if the answer policy lets it. */
  reply?: MailRequest;
  /** Notices that go out whatever the answer policy (they are not answers to this sender). */
  notices?: MailRequest[];
  /** The trust stage's verdicts, one line each, when the mail asked for an action. */
  trust?: string[];
}
