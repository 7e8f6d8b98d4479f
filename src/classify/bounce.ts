import { header, type ParsedMessage } from '../parse/parse-message.js';

const DAEMON = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|mdaemon)@/i;
const BOUNCE_SUBJECT =
  /(?:undeliver(?:ed|able)|delivery (?:status notification|failure|has failed)|returned mail|mail delivery failed|failure notice|配信(?:不能|エラー|失敗)|配送(?:不能|エラー|失敗)|送信(?:エラー|失敗)|届きませんでした)/i;

/** Why a message is a delivery-status notification or bounce, or null. */
export function bounceRule(message: ParsedMessage): string | null {
  if (message.contentType === 'multipart/report' && message.reportType === 'delivery-status')
    return 'multipart/report; report-type=delivery-status';
  if (message.from && DAEMON.test(message.from.address)) return `from ${message.from.address}`;
  const returnPath = header(message, 'return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath.trim()) && BOUNCE_SUBJECT.test(message.subject))
    return 'null return path with a delivery-failure subject';
  if (header(message, 'x-failed-recipients') !== undefined) return 'X-Failed-Recipients header';
  return null;
}

/** The recipient a bounce is about, from its delivery-status text. */
export function bouncedRecipient(text: string): string | null {
  const m = /^(?:Final|Original)-Recipient:\s*rfc822;\s*(\S+@\S+)/im.exec(text);
  return m ? m[1]!.replace(/[<>]/g, '').toLowerCase() : null;
}
