/** How automatic mail names itself, in subjects and in its first lines (ja/en). Matched NFKC-folded. */

export const OUT_OF_OFFICE_SUBJECT =
  /^\s*[【[(（]?\s*(?:(?:automatic|auto)[\s-]*(?:reply|response|antwort)|auto:|autoreply|out of (?:the )?office|ooo\b|away from (?:the )?office|vacation|abwesend|不在(?:通知|のお知らせ|連絡)?|自動(?:応答|返信|送信)|休暇|外出中|留守)/i;

/**
 * A body that says it was sent by a machine: "このメールは自動送信しております",
 * "本メールは自動返信です", "This is an automated message". An auto-responder
 * set up as a mail rule adds no header, only these words.
 */
export const AUTOMATIC_BODY: ReadonlyArray<readonly [string, RegExp]> = [
  ['ja-sent-automatically', /(?:この|本)メール(?:は|に)[^。]{0,20}自動(?:送信|返信|応答|配信|的に送信)/],
  [
    'ja-no-reply',
    /(?:この|本)メール(?:に|へ)(?:ご)?返信(?:いただいて|されて)も[^。]{0,20}(?:お?返事|お?答え|対応)(?:は|が|を)?(?:いたしかね|できかね|できません|出来ません)/,
  ],
  [
    'ja-away',
    /(?:出張|休暇|不在|外出|休業)(?:中|期間中)?(?:のため|につき|により|で)[^。]{0,40}(?:返信|確認|ご連絡|対応)[^。]{0,20}(?:遅れ|いたしかね|できません|させていただきます|いたします|致します)/,
  ],
  [
    'en-away',
    /\b(?:i am|i'm|we are|we're) (?:currently )?(?:out of (?:the )?office|away from|on (?:vacation|leave|holiday))\b/,
  ],
  [
    'en-automated',
    /\bthis (?:is an? )?(?:automated|automatic|auto-generated) (?:message|reply|response|e-?mail)\b|\bthis (?:message|e-?mail) (?:was|has been|is) (?:sent|generated) automatically\b/,
  ],
];
