import { OrganizationTooLong } from './errors.js';

export const ORGANIZATION_MAX_CHARS = 128;

export interface OrganizationFields {
  O: string;
  OU?: string | undefined;
  L: string;
  ST: string;
  C: 'JP';
}

/** Characters (code points, not bytes or UTF-16 units) of O+OU+L+ST+C together. */
export function organizationLength(org: OrganizationFields): number {
  return [...`${org.O}${org.OU ?? ''}${org.L}${org.ST}${org.C}`].length;
}

/** The JPRS rule from the service page: O, OU, L, ST and C together at most 128 characters. */
export function assertOrganizationFits(org: OrganizationFields): void {
  const length = organizationLength(org);
  if (length > ORGANIZATION_MAX_CHARS) throw new OrganizationTooLong(length);
}
