import { foldWideAscii } from '../domain/addresses.js';
import { splitReply } from '../parse/split-reply.js';
import { TARGETS, VERB_WORDS, type StaffVerb, type TargetKind } from '../rules/staff-commands.js';

export interface StaffCommand {
  /** The line as written. */
  line: string;
  verb: StaffVerb;
  target: { kind: TargetKind; id: string };
  /** What follows the id: a rejection's reason. */
  rest: string;
}

/** A line that looks like a command but cannot be one (`confirm I-000003`, `retry`): said back to the staff member. */
export interface UnusableCommand {
  line: string;
  problem: string;
}

const WORD_OF = new Map<string, StaffVerb>(VERB_WORDS.flatMap(([verb, , words]) => words.map((w) => [w, verb])));
// A verb, then an id (C-0042, c42, Ｃ－００４２ once folded), then whatever the line says after it.
const COMMAND = /^\s*(\S+?)\s*[:：]?\s*([a-z])\s*[-‐－ー]?\s*(\d{1,8})\b\s*[:：,、。.]?\s*(.*)$/i;

function read(line: string): StaffCommand | UnusableCommand | null {
  const folded = foldWideAscii(line).replace(/[‐－ー]/g, '-');
  // A verb alone ("承認", "confirm") is how a customer answers our confirmation mail: never a staff command.
  const m = COMMAND.exec(folded);
  const verb = m && WORD_OF.get(m[1]!.toLowerCase());
  if (!verb) return null;
  const kind = m[2]!.toUpperCase();
  if (!(kind in TARGETS)) return { line, problem: `${kind}-${m[3]} is not an id the desk gives (C-, A-, I-, M-)` };
  const target = TARGETS[kind as TargetKind];
  const id = `${kind}-${m[3]!.padStart(target.digits, '0')}`;
  if (!(target.verbs as readonly StaffVerb[]).includes(verb))
    return {
      line,
      problem: `${id} is ${/^[aeiou]/.test(target.what) ? 'an' : 'a'} ${target.what}: it takes ${target.verbs.join(' or ')}`,
    };
  return { line, verb, target: { kind: kind as TargetKind, id }, rest: m[4]!.trim() };
}

/**
 * The commands at the top of a staff reply, in the order written: each on
 * a line of its own, from the first line the sender wrote down to the first
 * line that is not a command. Quoted mail (the digest they answer) and what
 * follows it is never read.
 */
export function readStaffCommands(text: string): Array<StaffCommand | UnusableCommand> {
  const found: Array<StaffCommand | UnusableCommand> = [];
  for (const { text: line, block } of splitReply(text).lines) {
    if (block > 0) break;
    if (!line.trim()) continue;
    const got = read(line);
    if (!got) break;
    found.push(got);
  }
  return found;
}

// Every command names an id (C-0042, ｃ－４２): a mail with none near its top is not read for commands at all.
const ANY_ID = /[CAIMcaimＣＡＩＭｃａｉｍ]\s*[-‐－ー]?\s*[\d０-９]/;

/** Whether a mail has staff commands at its top: the cheap look every inbound mail gets, then the real read. */
export function hasStaffCommand(text: string): boolean {
  return ANY_ID.test(text.slice(0, 4000)) && readStaffCommands(text).length > 0;
}

export const isUsable = (c: StaffCommand | UnusableCommand): c is StaffCommand => !('problem' in c);
