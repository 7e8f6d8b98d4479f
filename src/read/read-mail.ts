import { parseMessage, type ParsedMessage } from '../parse/parse-message.js';
import { analyzeMessage, type Analysis } from './analyze-message.js';

/** A mail parsed and classified: what the act step decides on. Plain data: it may come from a mail thread. */
export interface MailReading {
  message: ParsedMessage | null;
  analysis: Analysis | null;
  /** Why it could not be parsed (then message and analysis are null). */
  failure: string | null;
}

/** Parse and classify one mail's bytes; a mail that cannot be parsed is read as such, never thrown. */
export async function readMail(raw: Buffer): Promise<MailReading> {
  try {
    const message = await parseMessage(raw);
    return { message, analysis: analyzeMessage(message), failure: null };
  } catch (err) {
    return { message: null, analysis: null, failure: (err as Error).message.split('\n')[0]!.slice(0, 200) };
  }
}
