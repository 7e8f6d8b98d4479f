import { describe, expect, it } from 'vitest';
import { checkStaffToken, signStaffToken } from '../../src/outbox/staff-token.js';

const SECRET = 'k'.repeat(32);
const DEC = new Date('2026-12-03T01:00:00Z');

describe('the signed per-staff desk address', () => {
  it('is good for its staff member this month and the next, then expires', () => {
    const token = signStaffToken('Sato@Desk.example.jp', SECRET, DEC);
    expect(token).toMatch(/^s\.2612[a-z2-7]{20}$/);
    expect(checkStaffToken(token, 'sato@desk.example.jp', SECRET, DEC)).toBe('valid');
    expect(checkStaffToken(token.toUpperCase(), 'sato@desk.example.jp', SECRET, DEC)).toBe('valid');
    expect(checkStaffToken(token, 'sato@desk.example.jp', SECRET, new Date('2027-01-20T00:00:00Z'))).toBe('valid');
    expect(checkStaffToken(token, 'sato@desk.example.jp', SECRET, new Date('2027-02-01T00:00:00Z'))).toBe('expired');
  });

  it('is worthless to another staff member, under another secret, or with its month changed', () => {
    const token = signStaffToken('sato@desk.example.jp', SECRET, DEC);
    expect(checkStaffToken(token, 'suzuki@desk.example.jp', SECRET, DEC)).toBe('not-theirs');
    expect(checkStaffToken(token, 'sato@desk.example.jp', 'x'.repeat(32), DEC)).toBe('not-theirs');
    expect(checkStaffToken(token.replace('2612', '2701'), 'sato@desk.example.jp', SECRET, DEC)).toBe('not-theirs');
    expect(checkStaffToken('c0042-abcdefghijklmnop', 'sato@desk.example.jp', SECRET, DEC)).toBe('not-a-staff-token');
  });
});
