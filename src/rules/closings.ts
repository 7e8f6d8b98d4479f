/**
 * The polite lines around what a sender asks: closings, greetings,
 * self-introductions, thanks, apologies, acknowledgements, device
 * signatures. None of them is a request or a reason. Matched NFKC-folded,
 * lower case.
 */

/** A closing line ("よろしくお願いします", "Regards,"): the end of whatever the sender listed above it. */
export const SIGN_OFF =
  /^\s*(?:よろしく|宜しく|以上|何卒|お手数|ご確認|ご対応|お願い(?:いた|致)?します|取り急ぎ|thanks|thank you|many thanks|regards|best|sincerely|cheers|kind regards|yours|sorry for)/i;

/** Lines a phone or mail app adds under the text. */
export const DEVICE_SIGNATURE =
  /^\s*(?:sent from my \w+|iphoneから送信|ipadから送信|androidから送信|get outlook for \w+|outlook for (?:ios|android)|\S+から送信)\s*$/i;

/** Sentences that carry politeness only: never a reason, never a request. */
export const COURTESY: ReadonlyArray<readonly [string, RegExp]> = [
  ['ja-greeting', /お世話に(?:なって|なり)|ご担当者?様|御中|いつも(?:大変)?お世話/],
  ['ja-self-introduction', /^(?:[^。、]{0,30}(?:の|、))?[^。、の]{1,12}(?:です|でございます|と申します)[。!]?$/],
  ['ja-thanks', /ありがとう|感謝/],
  ['ja-apology', /申し訳|すみません|失礼(?:します|いたします|致します)|恐れ入|お手数|ご迷惑|恐縮/],
  ['ja-closing', /よろしく|宜しく|取り急ぎ|以上、|^以上/],
  ['ja-acknowledgement', /承知(?:して|いたして|しており)|了承|理解して(?:い|お)|存じて(?:い|お)/],
  ['en-greeting', /^(?:hi|hello|dear|good (?:morning|afternoon|evening))\b/],
  ['en-thanks', /\bthank(?:s| you)\b|\bappreciate/],
  ['en-apology', /\bsorry\b|\bapolog/],
  ['en-closing', /^(?:regards|best|sincerely|cheers|kind regards|yours)\b/],
  ['en-acknowledgement', /\b(?:i|we) (?:understand|know|am aware|are aware|acknowledge)\b/],
];
