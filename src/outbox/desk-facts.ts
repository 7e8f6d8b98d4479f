/**
 * Facts of the desk that its mails state, from the service's page
 * (../shared/seed): where documents are posted, and where JPRS lists which
 * documents an organization needs.
 */
export const DOCUMENTS_POSTAL_ADDRESS = {
  ja: ['〒920-0963 石川県金沢市出羽町4-1', '金沢OCNサービスセンタ(4F) 行'],
  en: [
    '〒920-0963 石川県金沢市出羽町4-1 金沢OCNサービスセンタ(4F) 行',
    '(Kanazawa OCN Service Center, 4F, 4-1 Dewa-machi, Kanazawa, Ishikawa 920-0963, Japan)',
  ],
} as const;

/** JPRS's public pages on its server certificates, which say which documents an applicant must send. */
export const JPRS_DOCUMENTS_URL = 'https://jprs.jp/pubcert/';
