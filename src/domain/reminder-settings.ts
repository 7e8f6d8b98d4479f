/** When reminders go out: apart from reminders.ts, so the digest reads them without the holiday table. */
export interface ReminderSettings {
  /** Days before the approval deadline (JST dates) a reminder goes out. */
  approvalOffsets: number[];
  /** Days before the renewal date, for a certificate of a year or more; scaled down for shorter ones. */
  renewalOffsets: number[];
  /** An order waiting for documents this many days gets a reminder, then weekly. */
  documentsAfterDays: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  approvalOffsets: [19, 12, 5, 2, 1],
  renewalOffsets: [60, 30, 14],
  documentsAfterDays: 7,
};

/**
 * The offsets for a certificate of this lifetime: the yearly ones as they
 * are, shorter lifetimes scaled down in proportion (a 47-day certificate is
 * reminded 7, 4 and 2 days ahead, not 60 days before it was even issued).
 */
export function renewalOffsetsFor(lifetime: number, offsets: readonly number[]): readonly number[] {
  // Asked for every order by the digest and the reminder scan, with a handful of lifetimes among them.
  let byLifetime = OFFSETS.get(offsets);
  if (!byLifetime) OFFSETS.set(offsets, (byLifetime = new Map()));
  let scaled = byLifetime.get(lifetime);
  if (!scaled) {
    const scale = Math.min(1, lifetime / 365);
    scaled = [...new Set(offsets.map((o) => Math.max(1, Math.round(o * scale))))].sort((a, b) => b - a);
    byLifetime.set(lifetime, scaled);
  }
  return scaled;
}

const OFFSETS = new WeakMap<readonly number[], Map<number, readonly number[]>>();
