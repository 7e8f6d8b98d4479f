import type { Sentence } from './sentences.js';

const CONTACT_CHANGE: Array<[string, RegExp]> = [
  ['ja-contact-change', /(?:担当者?|連絡先|申込担当者)(?:の|が)?(?:変更|交代|変わ|異動|退職)/],
  ['ja-new-contact', /(?:新しい|新|後任の?)(?:ご?担当者|連絡先)/],
  ['ja-form', /担当者連絡先変更/],
  [
    'en-contact-changed',
    /\bcontact(?:\s+person)?\s+(?:has\s+|have\s+|is\s+|will\s+be\s+)?(?:changed|changing|change|replaced)/,
  ],
  ['en-change-contact', /\b(?:change|update|replace)\s+(?:of\s+|the\s+|our\s+)?(?:the\s+)?contact/],
  ['en-new-contact', /\bnew\s+contact\b/],
];

/** The sentences (or the subject) that ask for a contact-person change, with the rule that matched. */
export function contactChangeSignals(
  sentences: readonly Sentence[],
  subject: string,
): Array<{ rule: string; line: number | null; text: string }> {
  const found: Array<{ rule: string; line: number | null; text: string }> = [];
  const subjectFolded = subject.normalize('NFKC').toLowerCase();
  for (const [rule, re] of CONTACT_CHANGE)
    if (re.test(subjectFolded)) found.push({ rule: `subject:${rule}`, line: null, text: subject });
  for (const s of sentences) {
    for (const [rule, re] of CONTACT_CHANGE) {
      if (re.test(s.folded)) {
        found.push({ rule, line: s.line, text: s.text.slice(0, 160) });
        break;
      }
    }
  }
  return found;
}
