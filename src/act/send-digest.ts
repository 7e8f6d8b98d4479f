import { buildDigest, type Digest, type DigestSettings } from '../domain/digest.js';
import { digestMail } from '../outbox/digest-mail.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import type { Locale } from '../outbox/mail-kinds.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { Store } from '../store/store.js';

export interface DigestOptions {
  staff: string[];
  locale: Locale;
  /** Send a digest that lists nothing (off by default: no news, no mail). */
  whenEmpty: boolean;
  settings: DigestSettings;
}

/** Queue today's digest to staff (once a day); none when nothing is pending unless asked. */
export function sendDigest(
  store: Store,
  now: Date,
  mail: MailContext,
  options: DigestOptions,
): Promise<{ digest: Digest; mail: OutboxEntry | null }> {
  return store.transaction((draft) => {
    const digest = buildDigest(draft, now, options.settings);
    if (digest.total === 0 && !options.whenEmpty) return { digest, mail: null };
    return { digest, mail: enqueueMail(draft, digestMail(digest, options.staff, options.locale), mail, now) };
  });
}
