import { describe, expect, it } from 'vitest';
import {
  assertNoOpenApplication,
  closeApplication,
  openApplication,
  type ChangeApplication,
} from '../../src/domain/change-applications.js';
import { ChangeApplicationOpen, OrganizationTooLong } from '../../src/domain/errors.js';
import { NewOrder, Organization } from '../../src/domain/order.js';
import { assertOrganizationFits, organizationLength } from '../../src/domain/organization.js';
import { sampleInput } from '../helpers/orders.js';

const NOW = new Date('2026-11-25T00:00:00Z');

describe('the 128-character rule for O+OU+L+ST+C', () => {
  const org = (O: string) => ({ O, OU: '情報システム部', L: '千代田区', ST: '東京都', C: 'JP' as const });
  // OU 7 + L 4 + ST 3 + C 2 = 16 characters besides O.
  it('counts characters, not bytes: 128 Japanese characters pass', () => {
    const fits = org('株'.repeat(112));
    expect(organizationLength(fits)).toBe(128);
    expect(Buffer.byteLength(fits.O)).toBe(336);
    expect(() => assertOrganizationFits(fits)).not.toThrow();
    expect(Organization.safeParse(fits).success).toBe(true);
  });
  it('129 characters fail, in the domain and at the input boundary', () => {
    const tooLong = org('株'.repeat(113));
    expect(() => assertOrganizationFits(tooLong)).toThrow(OrganizationTooLong);
    expect(() => assertOrganizationFits(tooLong)).toThrow(/129 characters/);
    expect(Organization.safeParse(tooLong).success).toBe(false);
  });
  it('counts a character outside the BMP once', () => {
    expect(organizationLength({ O: '𠮷野家', L: 'a', ST: 'b', C: 'JP' })).toBe(7);
  });
  it('OU is optional', () => {
    expect(NewOrder.safeParse(sampleInput({ organization: { O: 'A', L: 'B', ST: 'C', C: 'JP' } })).success).toBe(true);
  });
  it('C must be JP', () => {
    expect(Organization.safeParse({ O: 'A', L: 'B', ST: 'C', C: 'US' }).success).toBe(false);
  });
});

describe('one change application at a time per contract', () => {
  const apps: ChangeApplication[] = [];
  it('opens the first one', () => {
    apps.push(openApplication(apps, { contractId: 'K-1', orderId: 'C-0001', kind: 'cancellation' }, 'A-0001', NOW));
    expect(apps[0]).toMatchObject({ status: 'open', kind: 'cancellation' });
  });
  it('refuses a second one of the same contract, naming the open one', () => {
    const attempt = () =>
      openApplication(apps, { contractId: 'K-1', orderId: 'C-0002', kind: 'contact_change' }, 'A-0002', NOW);
    expect(attempt).toThrow(ChangeApplicationOpen);
    expect(attempt).toThrow(/A-0001.*cancellation of order C-0001/);
  });
  it('another contract is not affected', () => {
    expect(() => assertNoOpenApplication(apps, 'K-2')).not.toThrow();
  });
  it('once the open one is done, the next is accepted', () => {
    apps[0] = closeApplication(apps[0]!, 'completed', NOW);
    expect(
      openApplication(apps, { contractId: 'K-1', orderId: 'C-0002', kind: 'contact_change' }, 'A-0002', NOW).status,
    ).toBe('open');
  });
});
