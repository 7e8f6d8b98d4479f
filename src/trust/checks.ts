import { getDomain } from 'tldts';
import { DeskIdentity, domainOf, sameAddress } from '../domain/addresses.js';
import { checkStaffToken, isStaffToken } from '../outbox/staff-token.js';
import type { Order } from '../domain/order.js';
import type { ParsedMessage } from '../parse/parse-message.js';
import { trustedResults } from './auth-results.js';

/** Each thing the trust stage checks of a mail, by name (Haraka's per-plugin results are the model). */
export const CHECKS = [
  'single-from',
  'registered-contact',
  'thread',
  'token',
  'dmarc',
  'spf',
  'dkim',
  'staff-sender',
  'staff-token',
  'fresh',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** One check's verdict on one mail: kept on the mail's record, so anyone can read what decided. */
export interface Verdict {
  check: CheckName;
  result: 'pass' | 'fail' | 'none';
  detail: string;
}

/** How the mail reached the order: the thread of one of our mails (and to whom that went), or a signed token. */
export interface MatchProof {
  by: 'thread' | 'token' | 'common-name';
  /** For a thread: the recipients of our mail it answers. */
  answeredTo?: string[];
}

export interface TrustPolicy {
  /** Act only when the trusted server's DMARC pass aligns with the From domain. */
  requireDmarc: boolean;
  /** The authserv-id of the server whose Authentication-Results we believe: ours at the SMTP door. */
  authservId: string | null;
}

const verdict = (check: CheckName, result: Verdict['result'], detail: string): Verdict => ({ check, result, detail });

/** DMARC, SPF and DKIM as our trusted server saw them; DMARC counts only aligned with the one From domain. */
function authenticationVerdicts(message: ParsedMessage, policy: TrustPolicy): Verdict[] {
  if (!policy.authservId)
    return (['dmarc', 'spf', 'dkim'] as const).map((c) => verdict(c, 'none', 'no trusted server configured'));
  const results = trustedResults(message.headers.get('authentication-results') ?? [], policy.authservId);
  const fromDomain = message.fromAll.length === 1 ? domainOf(message.fromAll[0]!.address) : null;
  const out: Verdict[] = [];
  const dmarc = results.filter((r) => r.method === 'dmarc');
  // RFC 7489 names the From domain; mailauth (our own check) reports its organizational domain: either is this sender's.
  const ours = fromDomain ? [fromDomain, getDomain(fromDomain) ?? fromDomain] : [];
  const aligned = dmarc.filter((r) => r.props['header.from'] && ours.includes(domainOf(`@${r.props['header.from']}`)));
  if (!dmarc.length) out.push(verdict('dmarc', 'none', `no dmarc result from ${policy.authservId}`));
  else if (aligned.some((r) => r.result !== 'pass'))
    out.push(verdict('dmarc', 'fail', `dmarc=${aligned.find((r) => r.result !== 'pass')!.result} for ${fromDomain}`));
  else if (aligned.length)
    out.push(verdict('dmarc', 'pass', `dmarc=pass header.from=${fromDomain} at ${policy.authservId}`));
  else
    out.push(
      verdict(
        'dmarc',
        'fail',
        `dmarc result for ${dmarc.map((r) => r.props['header.from'] ?? '?').join(', ')}, not the From domain ${fromDomain ?? '(none)'}`,
      ),
    );
  for (const method of ['spf', 'dkim'] as const) {
    const r = results.find((x) => x.method === method);
    out.push(
      verdict(method, r?.result === 'pass' ? 'pass' : r ? 'fail' : 'none', r ? `${method}=${r.result}` : 'not stamped'),
    );
  }
  return out;
}

/** One From address, or why not: every action needs a single sender. */
function singleFrom(from: ParsedMessage['fromAll']): Verdict {
  const one = from.length === 1 ? from[0]!.address : null;
  return verdict(
    'single-from',
    one ? 'pass' : 'fail',
    one
      ? one
      : from.length
        ? `${from.length} From addresses: ${from.map((f) => f.address).join(', ')}`
        : 'no From address',
  );
}

/**
 * Every check of one mail about one order. The trust stage (authorize.ts)
 * combines them; nothing else decides whether a mail may act.
 */
export function runChecks(message: ParsedMessage, order: Order, proof: MatchProof, policy: TrustPolicy): Verdict[] {
  const from = message.fromAll;
  const one = from.length === 1 ? from[0]!.address : null;
  const thread = proof.by === 'thread' && (proof.answeredTo ?? []).some((to) => sameAddress(to, order.contact.email));
  return [
    singleFrom(from),
    verdict(
      'registered-contact',
      one && sameAddress(one, order.contact.email) ? 'pass' : 'fail',
      `${one ?? '(no single sender)'} ${one && sameAddress(one, order.contact.email) ? 'is' : 'is not'} the registered contact of ${order.id}`,
    ),
    verdict(
      'thread',
      thread ? 'pass' : 'none',
      thread
        ? 'answers our mail to the contact'
        : proof.by === 'thread'
          ? 'answers our mail to someone else'
          : 'not in our thread',
    ),
    verdict(
      'token',
      proof.by === 'token' ? 'pass' : 'none',
      proof.by === 'token' ? 'sent to the signed reply address' : 'no token',
    ),
    ...authenticationVerdicts(message, policy),
  ];
}

/** What the staff checks need to know beyond the mail: who staff are, the desk's address and secret, the mail's record. */
export interface StaffCheckContext {
  staff: readonly string[];
  deskAddress: string;
  secret: string;
  /** Where the mail was addressed (envelope and headers). */
  recipients: readonly string[];
  /** An earlier mail came under this Message-ID. */
  sameMessageIdAs: string | null;
  now: Date;
}

const TOKEN_WORDS = {
  valid: 'sent to their signed desk address',
  expired: 'sent to a signed desk address that has expired',
  'not-theirs': "sent to a signed desk address that is not this staff member's",
  'not-a-staff-token': 'not sent to a signed staff address of the desk',
} as const;

/**
 * Every check of a mail that carries staff commands: one From, a staff
 * address, sent to that staff member's signed desk address, DMARC aligned
 * (our own check at the SMTP door, the trusted server's elsewhere), and
 * not a mail seen before under its Message-ID.
 */
export function runStaffChecks(message: ParsedMessage, ctx: StaffCheckContext, policy: TrustPolicy): Verdict[] {
  const from = message.fromAll;
  const one = from.length === 1 ? from[0]!.address : null;
  const staff = one ? ctx.staff.find((s) => sameAddress(s, one)) : undefined;
  const desk = new DeskIdentity(ctx.deskAddress);
  const tokens = ctx.recipients.map((r) => desk.tokenOf(r)).filter(isStaffToken);
  const checks = staff ? tokens.map((t) => checkStaffToken(t, staff, ctx.secret, ctx.now)) : [];
  const token = checks.includes('valid')
    ? 'valid'
    : (checks.find((c) => c !== 'not-a-staff-token') ?? (tokens.length ? 'not-theirs' : 'not-a-staff-token'));
  return [
    singleFrom(from),
    verdict(
      'staff-sender',
      staff ? 'pass' : 'fail',
      `${one ?? '(no single sender)'} ${staff ? 'is' : 'is not'} a staff address (CERTDESK_STAFF)`,
    ),
    verdict('staff-token', token === 'valid' ? 'pass' : 'fail', TOKEN_WORDS[token]),
    ...authenticationVerdicts(message, policy),
    verdict(
      'fresh',
      !message.messageId ? 'fail' : ctx.sameMessageIdAs ? 'fail' : 'pass',
      !message.messageId
        ? 'no Message-ID: a command must be told apart from a replay'
        : ctx.sameMessageIdAs
          ? `a replay: ${ctx.sameMessageIdAs} came with the same Message-ID`
          : 'a Message-ID not seen before',
    ),
  ];
}
