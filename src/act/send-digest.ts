import { buildDigest, type Digest, type DigestSettings } from '../domain/digest.js';
import { digestMail, perStaff } from '../outbox/digest-mail.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import type { Locale } from '../outbox/mail-kinds.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { Store } from '../store/store.js';
import { findById } from '../store/find-by-id.js';

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
): Promise<{ digest: Digest; mail: OutboxEntry | null; mails: OutboxEntry[] }> {
  return store.transaction((draft) => {
    const digest = buildDigest(draft, now, options.settings);
    if (digest.total === 0 && !options.whenEmpty) return { digest, mail: null, mails: [] };
    const [queued, ...others] = perStaff(digestMail(digest, options.staff, options.locale), mail, now).map((m) =>
      enqueueMail(draft, m, mail, now),
    );
    // A finding of the daily watch is told once: this digest has it now.
    // (Only the orders the digest names are drafted: a store of 100k orders is not walked as drafts.)
    const told = digest.sections.find((s) => s.key === 'served-findings')?.items.map((i) => i.ref) ?? [];
    if (queued!.createdAt === now.toISOString())
      for (const id of new Set(told))
        for (const f of findById(draft.orders, id)?.servedFindings ?? []) f.reportedAt ??= now.toISOString();
    return { digest, mail: queued!, mails: [queued!, ...others] };
  });
}
