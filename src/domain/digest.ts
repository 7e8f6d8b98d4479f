import { displayCommonName } from './common-name.js';
import type { StoreData } from '../store/schema.js';
import { approvalDeadline, lifetimeDays, renewalDate } from './deadlines.js';
import { daysBetween, jstDate, type JstDate } from './jst.js';
import type { Contact, Order } from './order.js';
import { renewalOffsetsFor, DEFAULT_REMINDER_SETTINGS } from './reminder-settings.js';
import { openApprovalWindow } from './transitions.js';

export const DIGEST_SECTIONS = [
  'cancellations',
  'held-unauthorized',
  'held-unmatched',
  'held-to-read',
  'held-no-request',
  'held-reused-id',
  'approvals-due',
  'approvals-expired',
  'phone-checks',
  'documents',
  'to-issue',
  'to-install',
  'install-held',
  'served-findings',
  'renewals',
  'contact-changes',
  'mail-problems',
  'quarantine',
] as const;
export type DigestSectionKey = (typeof DIGEST_SECTIONS)[number];

/** Held mail, by what it is: a sender not proven, a mail matching no order, one to read, one asking nothing. */
const HELD_BY_OUTCOME: Partial<Record<string, DigestSectionKey>> = {
  'sender-not-contact': 'held-unauthorized',
  'authentication-failed': 'held-unauthorized',
  'forged-token': 'held-unauthorized',
  'several-senders': 'held-unauthorized',
  'withdrawal-unproven': 'held-unauthorized',
  'staff-command-refused': 'held-unauthorized',
  'no-matching-order': 'held-unmatched',
  'ambiguous-order': 'held-unmatched',
  'bounce-unmatched': 'held-unmatched',
  'common-name-mismatch': 'held-unmatched',
  'needs-review': 'held-to-read',
  'confirmation-unclear': 'held-to-read',
  'withdrawal-nothing-open': 'held-to-read',
  'change-application-open': 'held-to-read',
  'order-closed': 'held-to-read',
};
export function heldSection(outcome: string | null): DigestSectionKey {
  return (outcome && HELD_BY_OUTCOME[outcome]) || 'held-no-request';
}

export interface DigestItem {
  /** The order (or, for mail that matched none, the inbound or outbound mail) it is about. */
  ref: string;
  commonName: string;
  customer: string;
  /** Since when it waits. */
  since: string;
  waitedDays: number;
  why: { ja: string; en: string };
  /** The command that acts on it. */
  command: string;
  /** The same, as a staff member replies to the digest (`confirm C-0042`); null: only from the shell. */
  mailCommand: string | null;
}

export interface Digest {
  date: JstDate;
  total: number;
  sections: { key: DigestSectionKey; items: DigestItem[] }[];
}

export interface DigestSettings {
  /** Approvals whose deadline is this close are listed. */
  approvalDueWithinDays: number;
  renewalOffsets: number[];
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  approvalDueWithinDays: 7,
  renewalOffsets: DEFAULT_REMINDER_SETTINGS.renewalOffsets,
};

type DigestState = Pick<StoreData, 'orders' | 'inbound' | 'applications' | 'outbox' | 'suspectAddresses'>;

/**
 * Everything waiting for staff at `now`, one section per kind of action,
 * each item with why it is there and the command that deals with it. Pure:
 * the scheduler, `digest send` and `status` all read it.
 */
export function buildDigest(state: DigestState, now: Date, settings: DigestSettings = DEFAULT_DIGEST_SETTINGS): Digest {
  const today = jstDate(now);
  const waited = (since: string) => Math.max(0, daysBetween(jstDate(new Date(since)), today));
  const about = (
    o: Order,
    since: string,
    why: DigestItem['why'],
    command: string,
    mailCommand: string | null = null,
  ): DigestItem => ({
    ref: o.id,
    commonName: displayCommonName(o.commonName),
    customer: o.organization.O,
    since,
    waitedDays: waited(since),
    why,
    command,
    mailCommand,
  });
  const sections: Record<DigestSectionKey, DigestItem[]> = Object.fromEntries(
    DIGEST_SECTIONS.map((k) => [k, [] as DigestItem[]]),
  ) as Record<DigestSectionKey, DigestItem[]>;

  // A withdrawal that could not be applied by itself: the request it takes back is never offered for confirmation.
  const heldWithdrawal = (o: Order) =>
    state.inbound.find(
      (r) =>
        r.orderId === o.id &&
        r.intent === 'withdrawal' &&
        r.status === 'held' &&
        !r.resolvedAt &&
        r.receivedAt >= o.cancellation!.requestedAt,
    );
  for (const o of state.orders) {
    if (o.status === 'cancel_requested' && o.cancellation) {
      const reason = o.cancellation.reason ?? '(理由なし / no reason)';
      const withdrawal = heldWithdrawal(o);
      sections.cancellations.push(
        withdrawal
          ? about(
              o,
              o.cancellation.requestedAt,
              {
                ja: `キャンセル申し出: ${reason} / 取り下げのメール ${withdrawal.id} あり(確認が必要)`,
                en: `asked to cancel: ${reason} / a later mail ${withdrawal.id} takes it back (check it)`,
              },
              `certdesk inbound show ${withdrawal.id}   (then: certdesk cancel reject ${o.id} --why "withdrawn")`,
              `reject ${o.id} withdrawn   (then: resolve ${withdrawal.id})`,
            )
          : about(
              o,
              o.cancellation.requestedAt,
              { ja: `キャンセル申し出: ${reason}`, en: `the customer asked to cancel: ${reason}` },
              `certdesk cancel confirm ${o.id}   (or: certdesk cancel reject ${o.id} --why "…")`,
              `confirm ${o.id}   (or: reject ${o.id} 理由…)`,
            ),
      );
      continue;
    }
    const window = openApprovalWindow(o);
    if (window) {
      const deadline = approvalDeadline(window.requestedAt);
      const left = daysBetween(today, deadline);
      if (left < 0)
        // Passed, though the reminder job has not marked it yet (it runs at 09:00): expired, never "-3 days left".
        sections['approvals-expired'].push(
          about(
            o,
            window.requestedAt.toISOString(),
            {
              ja: `ドメイン承認の期限 ${deadline} を過ぎました: JPRSへの再申請が必要`,
              en: `domain approval was due ${deadline}: apply to JPRS again`,
            },
            `certdesk order approval-requested ${o.id} --at <JPRSが新しい承認メールを送った日時 / when JPRS sent the new mail>`,
          ),
        );
      else if (left <= settings.approvalDueWithinDays)
        sections['approvals-due'].push(
          about(
            o,
            window.requestedAt.toISOString(),
            {
              ja: `ドメイン承認の期限 ${deadline}(あと${left}日)`,
              en: `domain approval due ${deadline} (${left} days left)`,
            },
            `certdesk order approved ${o.id}`,
          ),
        );
      continue;
    }
    const expiredAt =
      o.status === 'approval_expired'
        ? o.steps.approvalExpiredAt
        : o.renewal?.stage === 'approval_expired'
          ? o.renewal.approvalExpiredAt
          : undefined;
    if (expiredAt) {
      sections['approvals-expired'].push(
        about(
          o,
          expiredAt,
          {
            ja: '26日以内に承認されず期限切れ: JPRSへの再申請が必要',
            en: 'not approved within 26 days: apply to JPRS again',
          },
          `certdesk order approval-requested ${o.id} --at <JPRSが新しい承認メールを送った日時 / when JPRS sent the new mail>`,
        ),
      );
      continue;
    }
    const phonePendingSince =
      o.status === 'phone_check_pending'
        ? o.steps.approvedAt
        : o.renewal?.stage === 'phone_check_pending'
          ? o.renewal.approvedAt
          : undefined;
    if (phonePendingSince) {
      sections['phone-checks'].push(
        about(
          o,
          phonePendingSince,
          { ja: 'JPRSの電話確認待ち(組織認証)', en: "waiting for JPRS's phone check (OV)" },
          `certdesk order phone-checked ${o.id}`,
        ),
      );
      continue;
    }
    if (o.status === 'documents_pending' && o.steps.documentsRequestedAt) {
      sections.documents.push(
        about(
          o,
          o.steps.documentsRequestedAt,
          { ja: '組織の書類の到着待ち', en: "waiting for the organization's documents" },
          `certdesk order documents-received ${o.id}`,
        ),
      );
      continue;
    }
    const approvedSince =
      o.status === 'approved'
        ? (o.steps.phoneCheckedAt ?? o.steps.approvedAt)
        : o.renewal?.stage === 'approved'
          ? (o.renewal.phoneCheckedAt ?? o.renewal.approvedAt)
          : undefined;
    if (approvedSince) {
      sections['to-issue'].push(
        about(
          o,
          approvedSince,
          { ja: 'JPRSの発行待ち(承認済み)', en: 'approved: waiting for JPRS to issue' },
          `certdesk order issued ${o.id} --cert <証明書ファイル / certificate.pem>`,
        ),
      );
      continue;
    }
    const issuedSince =
      o.status === 'issued' ? o.steps.issuedAt : o.renewal?.stage === 'issued' ? o.renewal.issuedAt : undefined;
    if (issuedSince) {
      sections['to-install'].push(
        about(
          o,
          issuedSince,
          { ja: '発行済み: デスクでのインストール待ち', en: 'issued: waiting for the desk to install it' },
          `certdesk order installed ${o.id}`,
        ),
      );
      continue;
    }
    // What the server serves, seen by the daily watch: each finding in one digest (then it is told).
    for (const f of o.servedFindings ?? [])
      if (!f.reportedAt)
        sections['served-findings'].push(about(o, f.at, { ja: f.detail, en: f.detail }, `certdesk order show ${o.id}`));
    if (o.status === 'installed' && o.install?.state === 'held') {
      sections['install-held'].push(
        about(
          o,
          o.install.at,
          {
            ja: `設定完了メール保留: ${o.install.problem ?? ''}`,
            en: `completion mail held: ${o.install.problem ?? ''}`,
          },
          `certdesk order verify ${o.id}   (or: certdesk order installed ${o.id} --unverified --note "…")`,
        ),
      );
      continue;
    }
    if (o.status === 'installed' && !o.renewal && o.steps.issuedAt) {
      const cert = {
        issuedAt: new Date(o.steps.issuedAt),
        expiresAt: o.steps.expiresAt ? new Date(o.steps.expiresAt) : null,
      };
      const date = renewalDate(cert);
      const left = daysBetween(today, date);
      const window = renewalOffsetsFor(lifetimeDays(cert), settings.renewalOffsets)[0] ?? 0;
      if (left <= window)
        sections.renewals.push(
          about(
            o,
            o.steps.issuedAt,
            left < 0
              ? { ja: `証明書の有効期限 ${date} を過ぎています`, en: `the certificate expired on ${date}` }
              : { ja: `更新: 有効期限 ${date}(あと${left}日)`, en: `renewal: expires ${date} (${left} days left)` },
            `certdesk order approval-requested ${o.id} --at <JPRSが承認メールを送った日時 / when JPRS sent the approval mail>`,
          ),
        );
    }
  }

  const orderOf = (id: string | null) => state.orders.find((o) => o.id === id);
  for (const a of state.applications) {
    if (a.status !== 'open' || a.kind !== 'contact_change') continue;
    const o = orderOf(a.orderId);
    const next =
      (a.detail as { newContact?: Contact; requestedBy?: string; awaitingConfirmation?: boolean } | undefined) ?? {};
    if (!o || !next.newContact) continue;
    const c = next.newContact;
    sections['contact-changes'].push(
      about(
        o,
        a.openedAt,
        next.awaitingConfirmation
          ? {
              ja: `担当者変更(${c.name})を現担当者に確認中: 確認メールへの返信待ち`,
              en: `contact change to ${c.name}: waiting for the current contact to confirm by reply`,
            }
          : {
              ja: `担当者変更の確認待ち(申請者 ${next.requestedBy ?? '不明'})`,
              en: `contact change waits for staff (asked by ${next.requestedBy ?? 'unknown'})`,
            },
        `certdesk contact apply ${a.id}   (or: certdesk contact refuse ${a.id} --why "…")`,
        `apply ${a.id}   (or: refuse ${a.id} 理由…)`,
      ),
    );
  }

  for (const r of state.inbound) {
    // A mail under a reused Message-ID is shown even when it was processed: staff should know of it.
    if (r.resolvedAt || (r.status !== 'held' && r.status !== 'quarantined' && !r.sameMessageIdAs)) continue;
    if (r.outcome === 'contact-change-held') continue; // listed with its application
    const o = orderOf(r.orderId);
    const section =
      r.status === 'quarantined' ? 'quarantine' : r.status === 'held' ? heldSection(r.outcome) : 'held-reused-id';
    sections[section].push({
      ref: r.id,
      commonName: o ? displayCommonName(o.commonName) : '-',
      customer: r.from ?? '(no sender)',
      since: r.receivedAt,
      waitedDays: waited(r.receivedAt),
      why: { ja: `${r.outcome ?? r.status}: ${r.note ?? ''}`, en: `${r.outcome ?? r.status}: ${r.note ?? ''}` },
      command: `certdesk inbound show ${r.id}   (then: certdesk inbound resolve ${r.id})`,
      mailCommand: `resolve ${r.id}`,
    });
  }

  for (const e of state.outbox) {
    if (e.status !== 'failed' && e.status !== 'bounced') continue;
    const o = orderOf(e.orderId);
    const suspect = state.suspectAddresses.find((s) => e.to.some((t) => t.toLowerCase() === s.address));
    sections['mail-problems'].push({
      ref: e.id,
      commonName: o ? displayCommonName(o.commonName) : '-',
      customer: e.to.join(', '),
      since: e.createdAt,
      waitedDays: waited(e.createdAt),
      why: {
        ja: `${e.kind} が${e.status === 'bounced' ? '不達(宛先を確認)' : '送信失敗'}: ${e.lastError ?? ''}${suspect ? ' / 宛先が疑わしい' : ''}`,
        en: `${e.kind} ${e.status}: ${e.lastError ?? ''}${suspect ? ' / address suspect' : ''}`,
      },
      command: `certdesk outbox retry ${e.id}`,
      mailCommand: `retry ${e.id}`,
    });
  }

  const list = DIGEST_SECTIONS.map((key) => ({ key, items: sections[key] })).filter((s) => s.items.length);
  return { date: today, total: list.reduce((n, s) => n + s.items.length, 0), sections: list };
}
