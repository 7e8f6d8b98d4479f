import { describe, expect, it } from 'vitest';
import { checkIssuedCertificate, nameCovers, type CertFacts } from '../../src/domain/certificate.js';
import { CertificateRefused } from '../../src/domain/errors.js';

describe('a certificate name covers a host as RFC 6125 reads it', () => {
  it.each([
    ['www.example.co.jp', 'www.example.co.jp', true],
    ['WWW.Example.CO.JP', 'www.example.co.jp', true],
    ['www.example.co.jp.', 'www.example.co.jp', true],
    ['*.example.co.jp', 'www.example.co.jp', true],
    ['*.example.co.jp', 'example.co.jp', false], // the wildcard stands for one label, not none
    ['*.example.co.jp', 'a.b.example.co.jp', false], // nor two
    ['*.co.jp', 'example.co.jp', false], // never over a public suffix
    ['w*.example.co.jp', 'www.example.co.jp', false], // only the whole leftmost label
    ['example.co.jp', 'www.example.co.jp', false],
    ['*.example.co.jp', '*.example.co.jp', true], // a wildcard order, by the same wildcard
    ['www.example.co.jp', '*.example.co.jp', false],
  ])('%s covers %s: %s', (cert, host, covers) => expect(nameCovers(cert, host)).toBe(covers));
});

const cert = (over: Partial<CertFacts>): CertFacts => ({
  serial: '01',
  fingerprint256: 'AA',
  subject: 'CN=www.example.co.jp',
  issuer: 'CN=JPRS',
  dnsNames: ['www.example.co.jp'],
  notBefore: '2026-04-01T00:00:00.000Z',
  notAfter: '2026-09-30T14:59:59.000Z',
  ...over,
});
const order = { id: 'C-0001', commonName: 'www.example.co.jp' };
const now = new Date('2026-04-02T00:00:00Z');
const refusal = (c: CertFacts) => {
  try {
    checkIssuedCertificate(order, c, now);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(CertificateRefused);
    return (err as Error).message;
  }
};

describe("an issued certificate is checked before it becomes the order's", () => {
  it('for the name, in date, within the cap: accepted', () => expect(refusal(cert({}))).toBeNull());
  it('the subject CN alone does not count: the SANs must cover the name', () =>
    expect(refusal(cert({ dnsNames: ['mail.example.co.jp'] }))).toMatch(/do not cover www\.example\.co\.jp/));
  it('already expired', () =>
    expect(refusal(cert({ notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' }))).toMatch(
      /expired on 2026-01-01/,
    ));
  it('issued on 2026-04-01 for longer than 200 days', () =>
    expect(refusal(cert({ notAfter: '2026-12-31T00:00:00Z' }))).toMatch(/valid for 274 days .* at most 200/));
  it('exactly 200 days (the last second inclusive) is allowed', () =>
    expect(refusal(cert({ notAfter: '2026-10-17T23:59:59.000Z' }))).toBeNull());
});
