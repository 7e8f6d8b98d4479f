import { addressKey } from '../domain/addresses.js';
import { plusAddress } from './reply-token.js';
import { signStaffToken } from './staff-token.js';
import type { Digest, DigestSectionKey } from '../domain/digest.js';
import { formatJstDate } from '../domain/jst.js';
import type { MailContext, MailRequest } from './enqueue-mail.js';
import type { Locale } from './mail-kinds.js';

export const SECTION_TITLES: Record<DigestSectionKey, { ja: string; en: string }> = {
  cancellations: { ja: '確認待ちのキャンセル', en: 'Cancellations to confirm' },
  'held-unauthorized': { ja: '本人確認できなかったメール', en: 'Mail whose sender is not proven' },
  'held-unmatched': { ja: 'どの申込みとも照合できなかったメール', en: 'Mail matching no order' },
  'held-to-read': {
    ja: '読んで判断が必要なメール(質問・条件付き・取り下げなど)',
    en: 'Mail to read and decide (questions, conditions, withdrawals)',
  },
  'held-no-request': {
    ja: '依頼のないメール(お礼・ご質問など)',
    en: 'Mail asking nothing of the desk (thanks, questions)',
  },
  'held-reused-id': {
    ja: '既知のMessage-IDで内容の違うメール',
    en: 'Mail reusing a known Message-ID with new content',
  },
  'approvals-due': { ja: '期限の近いドメイン承認', en: 'Domain approvals due soon' },
  'approvals-expired': { ja: '期限切れのドメイン承認', en: 'Domain approvals expired' },
  'phone-checks': { ja: '電話確認待ち', en: 'Phone checks pending' },
  documents: { ja: '書類待ち', en: 'Documents awaited' },
  'to-issue': { ja: 'JPRSの発行待ち', en: 'Waiting for JPRS to issue' },
  'to-install': { ja: 'インストール待ち', en: 'Waiting to be installed' },
  'install-held': {
    ja: '設定完了メール保留(サーバーが発行済み証明書を返さない)',
    en: 'Completion mail held (the server does not serve the issued certificate)',
  },
  'served-findings': { ja: 'サーバーの証明書の変化(毎日の確認)', en: 'What servers serve (daily watch)' },
  renewals: { ja: '近づく更新', en: 'Renewals coming' },
  'contact-changes': { ja: '確認待ちの担当者変更', en: 'Contact changes waiting' },
  'mail-problems': { ja: '送信失敗・不達のメール', en: 'Outgoing mail failed or bounced' },
  quarantine: { ja: '読めなかったメール(隔離)', en: 'Quarantined mail' },
};

/** The digest as the staff-digest template takes it. */
export function digestData(digest: Digest, locale: Locale): Record<string, unknown> {
  return {
    digestDate: formatJstDate(digest.date, locale),
    total: digest.total,
    sections: digest.sections.map((s) => ({
      title: SECTION_TITLES[s.key][locale],
      count: s.items.length,
      items: s.items.map((i) => ({
        orderId: i.ref,
        commonName: i.commonName,
        customer: i.customer,
        waited: locale === 'ja' ? `${i.waitedDays}日` : `${i.waitedDays} day${i.waitedDays === 1 ? '' : 's'}`,
        why: i.why[locale],
        command: i.command,
        mailCommand: i.mailCommand,
      })),
    })),
  };
}

/** One digest per Tokyo day: sending twice the same day is a no-op. */
export function digestMail(digest: Digest, staff: string[], locale: Locale): MailRequest {
  return {
    key: `digest:${digest.date}`,
    kind: 'staff-digest',
    orderId: null,
    locale,
    to: staff,
    data: digestData(digest, locale),
  };
}

/**
 * A staff mail for each staff member, answered to that member's signed desk
 * address (staff act on it by replying; see staff-token.ts). One staff
 * member keeps the mail's own key, so a second send the same day is a no-op.
 */
export function perStaff(request: MailRequest, mail: MailContext, now: Date): MailRequest[] {
  if (!request.to.length) return [request];
  return request.to.map((staff) => ({
    ...request,
    key: request.to.length === 1 ? request.key : `${request.key}:${addressKey(staff)}`,
    to: [staff],
    replyTo: plusAddress(mail.deskAddress, signStaffToken(staff, mail.secret, now)),
  }));
}
