/** `certdesk order add` with every flag a DV order needs: one order, C-0001 in a fresh store. */
export const ADD_ORDER = [
  'order',
  'add',
  // Received before the steps the tests give with --at (a step may not be dated before the order came in).
  '--received-at',
  '2026-11-01T10:00:00+09:00',
  '--contract',
  'K-1',
  '--cn',
  'www.example.co.jp',
  '--validation',
  'DV',
  '--o',
  '株式会社エグザンプル',
  '--l',
  '千代田区',
  '--st',
  '東京都',
  '--contact-name',
  '山田 太郎',
  '--contact-email',
  'taro@example.co.jp',
  '--contact-phone',
  '03-1234-5678',
];

/** The staff steps that take that DV order to installed. */
export const TO_INSTALLED = [
  ['approval-requested'],
  ['approved'],
  ['issued', '--expires', '2027-06-01'],
  ['installed'],
];
