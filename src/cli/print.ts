import type { OrderView } from '../domain/order-view.js';
import { displayCommonName } from '../domain/common-name.js';

// Control characters a stranger's mail may carry (ESC, C1 such as U+009B CSI, bidi overrides) that a
// terminal would obey: shown as escapes, never passed through.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text for a person's terminal: every control character but line breaks and tabs escaped. */
export function safeText(text: string): string {
  return text.replace(CONTROLS, visible);
}

/** Everything the CLI prints for a person goes through here. */
export function out(text: string): void {
  process.stdout.write(safeText(text));
}

export function printJson(value: unknown): void {
  // JSON.stringify escapes C0 controls itself; C1 controls and bidi overrides it leaves as they are.
  process.stdout.write(
    JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, visible) + '\n',
  );
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function printOrderLine(v: OrderView): void {
  const due = v.approvalDeadline
    ? ` approve by ${v.approvalDeadline}`
    : v.renewalDate
      ? ` renew by ${v.renewalDate}`
      : '';
  out(
    `${pad(v.id, 8)} ${pad(v.status, 20)} ${pad(v.validation, 3)} ${pad(v.contractId, 10)} ${displayCommonName(v.commonName)}${due}\n`,
  );
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
      `renew by:      ${v.renewalDate} JST${v.expiresAt ? '' : ' (expiry unknown: longest validity allowed on the issue date)'}`,
    );
  if (v.cancellation)
    lines.push(
      `cancellation:  requested ${v.cancellation.requestedAt}; reason: ${v.cancellation.reason ?? '(none given)'}; fees apply: ${v.cancellationFeesApply ? 'yes' : 'no'}`,
    );
  lines.push('history:');
  for (const h of v.history)
    lines.push(
      `  ${h.at}  ${h.event}  ${h.from} → ${h.to}${h.by ? ` by ${h.by}` : ''}${h.detail ? `: ${h.detail}` : ''}`,
    );
  out(lines.join('\n') + '\n');
}
