/**
 * The desk's own wording: what only our mails say. A reply that pastes or
 * quotes our mail still carries it, and none of it is the customer's
 * request (our completion mail itself says "キャンセル" and lists the
 * labels to fill in). One list, read by the quote splitter and the
 * subject check alike. Phrases are matched NFKC-folded, spaces removed,
 * lower case: they cover the wordings our completion mail has had
 * (templates/, the page's, the desk's earlier hand-written ones).
 */
export const DESK_PHRASES: readonly string[] = [
  // Greeting and signature lines of our mails.
  'ご利用いただき、誠にありがとうございます',
  'プレミアムをご利用いただき',
  'ssl デスクでございます',
  'このメールはSSLデスクの受付システムから送信しています',
  'Thank you for choosing Biz Mail & Web',
  'This mail was sent by the SSL certificate desk',
  // The completion notice itself.
  'SSLサーバー証明書の設定が完了しました',
  'SSLサーバー証明書の設定が完了いたしました',
  'お客さまサーバーへの設定が完了いたしました',
  'has been issued and installed on your server',
  // Its cancellation section: the instructions and the fee warning.
  'キャンセルをご希望の場合',
  'キャンセルされる場合は、このメールに返信して',
  '本メールへの返信にて、次の項目',
  '以下の項目を記載してご返信ください',
  'インストール完了後のキャンセルについて',
  'インストール完了後のキャンセルにつきましても',
  'インストール完了後のキャンセルでも「証明書料金」',
  '「証明書料金」および「SSL設定料」',
  'JPRS社へ直接キャンセル',
  'キャンセルはJPRS社ではなく当デスク',
  'Reply to this e-mail and state',
  'To cancel, reply to this mail',
  'Cancelling after installation is still charged',
  'Cancellations cannot be sent to JPRS directly',
  // Its renewal section.
  '更新のお申し込みは不要です',
  'You do not need to apply for renewal',
  'メール到着から26日以内に承認',
  '届いてから26日以内に',
].map(foldWording);

/** Subjects of our own mails: behind "Re:", a subject that is ours says nothing of the sender's. */
export const DESK_SUBJECT =
  /【bizメール&ウェブ】|\[bizメール&ウェブ\]|\[?biz mail & web\]?|sslデスク|ssl\s*desk|certdesk/;

export function foldWording(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Whether a line carries our own wording. */
export function isDeskWording(line: string): boolean {
  const folded = foldWording(line);
  return folded.length >= 8 && DESK_PHRASES.some((p) => folded.includes(p));
}
