import { orderLine } from '../act/action-words.js';
import type { CertFacts } from '../domain/certificate.js';
import type { OrderLineView, OrderView } from '../domain/order-view.js';
import { displayCommonName } from '../domain/common-name.js';
import { formatJstTime } from '../domain/jst.js';

// Control characters a stranger's mail may carry (ESC, C1 such as U+009B CSI, bidi overrides) that a
// terminal would obey: shown as escapes, never passed through.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text for a person's terminal: every control character but line breaks and tabs escaped. */
export function safeText(text: string): string {
  return text.replace(CONTROLS, visible);
}

/**
 * Where the CLI writes: the process's own streams, or (a command run
 * in-process by a test, see run.ts) what the caller collects.
 */
export const streams: { out(text: string): void; err(text: string): void } = {
  out: (text) => writeTo(process.stdout, text),
  err: (text) => writeTo(process.stderr, text),
};

const watched = new WeakSet<NodeJS.WriteStream>();
const gone = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that went away (`certdesk order list | head`) ends the output,
 * not the command: a change it was making is still made and its exit status
 * is its own; the rest of what it prints is dropped instead of a stack trace.
 * (Watched from the first write, not at load: see cli/snapshot.ts.)
 */
function writeTo(stream: NodeJS.WriteStream, text: string): void {
  if (gone.has(stream)) return;
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      gone.add(stream);
    });
  }
  stream.write(text);
}

/** Everything the CLI prints for a person goes through here. */
export function out(text: string): void {
  streams.out(safeText(text));
}

export function printJson(value: unknown): void {
  // JSON.stringify escapes C0 controls itself; C1 controls and bidi overrides it leaves as they are.
  streams.out(JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, visible) + '\n');
}

export function printOrderLine(v: OrderLineView): void {
  out(orderLine(v) + '\n');
}

/** Orders a line each, written at once (a write per line was most of listing a thousand). */
export function printOrderLines(views: OrderLineView[]): void {
  out(views.map((v) => orderLine(v) + '\n').join(''));
}

export function printOrderDetail(v: OrderView): void {
  const lines = [
    `${v.id}  ${displayCommonName(v.commonName)}  (${v.validation}, contract ${v.contractId}, ${v.locale})`,
    `status:        ${v.status}${v.renewal ? ` (renewal cycle ${v.renewal.cycle}: ${v.renewal.stage})` : ''}`,
    `organization:  ${[v.organization.O, v.organization.OU, v.organization.L, v.organization.ST, v.organization.C].filter(Boolean).join(' / ')}`,
    `contact:       ${v.contact.name} <${v.contact.email}> ${v.contact.phone}`,
    `approver:      ${v.approverRole} (registrable domain ${v.registrableDomain ?? 'unknown'})`,
  ];
  if (v.approvalDeadline) lines.push(`approve by:    ${v.approvalDeadline} JST (${v.approvalDaysLeft} days left)`);
  if (v.renewalDate)
    lines.push(
      `renew by:      ${v.renewalDate} JST${v.expiresAt ? '' : ' (expiry unknown: as JPRS rules expect for the issue date)'}`,
    );
  if (v.certificate) lines.push(...certificateLines('certificate:  ', v.certificate));
  if (v.renewal?.certificate) lines.push(...certificateLines('renewal cert: ', v.renewal.certificate));
  if (v.install) lines.push(`install:       ${installState(v.install)}`);
  for (const f of v.servedFindings)
    lines.push(
      `served:        ${formatJstTime(f.at)} ${f.kind}: ${f.detail}${f.reportedAt ? '' : ' (in the next digest)'}`,
    );
  if (v.cancellation) lines.push(`cancellation:  ${cancellationState(v)}`);
  lines.push('history:');
  for (const h of v.history) {
    // The first entry is the order coming in: no "received → received".
    const move = h.from === h.to ? h.to : `${h.from} → ${h.to}`;
    lines.push(
      `  ${formatJstTime(h.at)}  ${h.event.padEnd(18)} ${move}${h.by ? `  by ${h.by}` : ''}${h.detail ? `: ${h.detail}` : ''}${h.undoneAt ? `  (undone ${formatJstTime(h.undoneAt)})` : ''}`,
    );
    if (h.note) lines.push(`      note: ${h.note}`);
  }
  out(lines.join('\n') + '\n');
}

function certificateLines(label: string, c: CertFacts): string[] {
  return [
    `${label} serial ${c.serial}, valid ${formatJstTime(c.notBefore)} to ${formatJstTime(c.notAfter)}`,
    `               issuer ${c.issuer}; names ${c.dnsNames.join(', ')}`,
    `               SHA-256 ${c.fingerprint256}`,
  ];
}

function installState(c: NonNullable<OrderView['install']>): string {
  const seen = c.seenServedAt ? `; last seen served ${formatJstTime(c.seenServedAt)}` : '';
  switch (c.state) {
    case 'verified':
      return `verified ${formatJstTime(c.at)} at ${c.host ?? '?'}${c.note ? ` (${c.note})` : ''}${seen}`;
    case 'held':
      return `completion mail held since ${formatJstTime(c.at)}: ${c.problem ?? ''}`;
    case 'unverified':
      return `completion mail sent without the check ${formatJstTime(c.at)}: ${c.note ?? ''}${seen}`;
    case 'off':
      return `not checked (CERTDESK_TLS_CHECK off)${seen}`;
  }
}

/** Where a cancellation request stands: open, rejected (with why), withdrawn, or confirmed. */
function cancellationState(v: OrderView): string {
  const c = v.cancellation!;
  const asked = `asked ${formatJstTime(c.requestedAt)}, reason: ${c.reason ?? '(none given)'}`;
  if (v.status === 'cancelled')
    return `confirmed ${v.steps.cancelledAt ? formatJstTime(v.steps.cancelledAt) : ''} (${asked})`;
  if (v.status === 'cancel_requested')
    return `requested, waiting for staff (${asked}); fees apply: ${v.cancellationFeesApply ? 'yes' : 'no'}`;
  if (c.withdrawnAt) return `withdrawn by the customer ${formatJstTime(c.withdrawnAt)} (${asked})`;
  if (c.rejectedWhy) return `rejected: ${c.rejectedWhy} (${asked})`;
  return `closed (${asked})`;
}
