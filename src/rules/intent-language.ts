/** What a mention of an action is about. */
/** `stop`: an indirect wish to cancel (stop using, no longer needed), a request only with a wish or a procedure asked for. */
export type MentionKind = 'cancel' | 'stop' | 'retract' | 'contact';

/** How a mention is meant, from the words around it. */
export type Act = 'request' | 'negation' | 'conditional' | 'question' | 'inquiry' | 'reported' | 'plan' | 'past';

/** What a whole sentence says, whatever action it mentions. */
export type SentenceSignal =
  | 'withdrawal'
  | 'earlier-request'
  | 'keep'
  | 'change-of-mind'
  | 'undecided'
  | 'draft'
  | 'hold'
  | 'procedure-request'
  | 'fee-question';

/**
 * One language's rules for reading what a sentence asks: a table per
 * question the reader asks of it. A new phrasing is a row here and a corpus
 * case, never a branch in the reader.
 */
export interface IntentLanguage {
  /**
   * Japanese puts the verb and its modality after the object (キャンセルを|お願いします),
   * English before it (please|cancel|the call): where the reader looks for each.
   */
  headFinal: boolean;
  /** Words that name an action: each occurrence is judged in its own clause. */
  mentions: ReadonlyArray<readonly [MentionKind, RegExp]>;
  /** Markers of how a mention is meant (Japanese: after it; English: before it). */
  acts: ReadonlyArray<readonly [Act, RegExp]>;
  /** A condition earlier in the sentence ("もし…", "if …"). */
  conditionalHead: RegExp;
  /** Conditions that are only politeness ("可能であれば", "if possible"). */
  politeCondition: RegExp;
  /** After the mention: it was inside someone else's quoted words. */
  reportedQuote: RegExp;
  /** The mention acts on something that is not the certificate (a call, a meeting, a transfer). */
  otherObject: RegExp;
  /** Signals of the sentence as a whole. */
  sentences: ReadonlyArray<readonly [SentenceSignal, RegExp]>;
}
