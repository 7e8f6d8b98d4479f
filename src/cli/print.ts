import type { OrderView } from '../domain/order-view.js';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function printOrderLine(v: OrderView): void {
  const due = v.approvalDeadline
    ? ` approve by ${v.approvalDeadline}`
    : v.renewalDate
      ? ` renew by ${v.renewalDate}`
      : '';
  process.stdout.write(
    `${pad(v.id, 8)} ${pad(v.status, 20)} ${pad(v.validation, 3)} ${pad(v.contractId, 10)} ${v.commonName}${due}\n`,
  );
}

export function printOrderDetail(v: OrderView): void {
  const lines = [
    `${v.id}  ${v.commonName}  (${v.validation}, contract ${v.contractId}, ${v.locale})`,
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
  process.stdout.write(lines.join('\n') + '\n');
}
