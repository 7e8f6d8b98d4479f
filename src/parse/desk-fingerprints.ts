/**
 * Sentences only the desk's own mails contain. A reply that pastes our mail
 * without any quote marker still quotes it: its labels (コモンネーム : …) and
 * its cancellation instructions are ours, not the customer's request.
 * Matched NFKC-folded, spaces removed.
 */
export const DESK_FINGERPRINTS: readonly string[] = [
  // The completion mail as the desk has sent it (see ../shared/corpus).
  'いつもBizメール&ウェブプレミアムをご利用いただき',
  'お申し込みいただいたSSLサーバー証明書の設定が完了しました',
  'キャンセルをご希望の場合は、本メールに以下の項目を記載してご返信ください',
  'サーバー証明書インストール完了後のキャンセルについては',
  '更新のお申し込みは不要です',
  // certdesk's own templates (templates/ja, templates/en).
  'このメールはSSLデスクの受付システムから送信しています',
  'Thismailwassentbythesslcertificatedesk',
  'Tocancel,replytothismail',
].map(fold);

export function fold(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function isDeskBoilerplate(line: string): boolean {
  const folded = fold(line);
  return folded.length >= 8 && DESK_FINGERPRINTS.some((f) => folded.includes(f));
}
