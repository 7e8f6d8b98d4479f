import { z } from 'zod';
import { ChangeApplicationOpen } from './errors.js';

/**
 * A change application of a contract (the service page: while one is being
 * worked on, no other is accepted). Cancellations and contact-person changes
 * are both change applications.
 */
export const ChangeApplication = z.object({
  id: z.string().regex(/^A-\d{4,}$/),
  contractId: z.string(),
  orderId: z.string(),
  kind: z.enum(['cancellation', 'contact_change']),
  status: z.enum(['open', 'completed', 'rejected', 'withdrawn']),
  openedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).optional(),
  /** Free-form payload of the application (a contact change's new contact, say). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type ChangeApplication = z.infer<typeof ChangeApplication>;
export type ChangeKind = ChangeApplication['kind'];

export function formatApplicationId(n: number): string {
  return `A-${String(n).padStart(4, '0')}`;
}

export function openApplicationOf(
  applications: readonly ChangeApplication[],
  contractId: string,
): ChangeApplication | undefined {
  return applications.find((a) => a.contractId === contractId && a.status === 'open');
}

/** Throws ChangeApplicationOpen, naming the open one, when the contract already has one. */
export function assertNoOpenApplication(applications: readonly ChangeApplication[], contractId: string): void {
  const open = openApplicationOf(applications, contractId);
  if (open) throw new ChangeApplicationOpen(contractId, open.id, open.kind, open.orderId);
}

/** A new open application; refused while another of the same contract is open. */
export function openApplication(
  applications: readonly ChangeApplication[],
  request: { contractId: string; orderId: string; kind: ChangeKind; detail?: Record<string, unknown> },
  id: string,
  now: Date,
): ChangeApplication {
  assertNoOpenApplication(applications, request.contractId);
  return { id, status: 'open', openedAt: now.toISOString(), ...request };
}

export function closeApplication(
  application: ChangeApplication,
  outcome: 'completed' | 'rejected' | 'withdrawn',
  now: Date,
): ChangeApplication {
  return { ...application, status: outcome, closedAt: now.toISOString() };
}
