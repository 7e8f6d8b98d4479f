import { describe, expect, it } from 'vitest';
import { approverRole, registrableDomain } from '../../src/domain/approver.js';
import { normalizeCommonName } from '../../src/domain/common-name.js';

describe('approver role by domain type (DOMAIN.md table)', () => {
  const cases: Array<[string, string, string | null]> = [
    ['example.co.jp', 'attribute_jp', 'example.co.jp'],
    ['www.example.co.jp', 'attribute_jp', 'example.co.jp'],
    ['a.b.c.example.or.jp', 'attribute_jp', 'example.or.jp'],
    ['*.example.ne.jp', 'attribute_jp', 'example.ne.jp'],
    ['www.example.ac.jp', 'attribute_jp', 'example.ac.jp'],
    ['www.example.lg.jp', 'attribute_jp', 'example.lg.jp'],
    ['example.jp', 'general_jp', 'example.jp'],
    ['www.example.jp', 'general_jp', 'example.jp'],
    ['*.example.jp', 'general_jp', 'example.jp'],
    ['www.example.tokyo.jp', 'general_jp', 'example.tokyo.jp'], // geographic-type JP
    ['example.com', 'gtld', 'example.com'],
    ['www.example.net', 'gtld', 'example.net'],
    ['shop.example.tokyo', 'gtld', 'example.tokyo'],
    ['example.co.uk', 'unknown', 'example.co.uk'],
    ['example.de', 'unknown', 'example.de'],
    ['host.example.invalid', 'unknown', null],
  ];
  for (const [cn, role, domain] of cases) {
    it(`${cn} → ${role}`, () => {
      expect(approverRole(cn)).toBe(role);
      expect(registrableDomain(cn)).toBe(domain);
    });
  }
  it('an internationalized name, stored as its A-label', () => {
    const cn = normalizeCommonName('ＷＷＷ.日本語ドメイン.jp');
    expect(cn).toMatch(/^www\.xn--/);
    expect(approverRole(cn)).toBe('general_jp');
    expect(approverRole(normalizeCommonName('サンプル.co.jp'))).toBe('attribute_jp');
  });
});

describe('common name normalization', () => {
  it('lower-cases, folds full-width, drops a trailing dot, keeps a wildcard', () => {
    expect(normalizeCommonName(' WWW.Example.CO.JP. ')).toBe('www.example.co.jp');
    expect(normalizeCommonName('ｍａｉｌ．ｓａｍｐｌｅ．ｏｒ．ｊｐ')).toBe('mail.sample.or.jp');
    expect(normalizeCommonName('*.Sample.ne.jp')).toBe('*.sample.ne.jp');
    expect(normalizeCommonName('サンプル.jp')).toBe('xn--vck8cuc4a.jp');
  });
  it('refuses what is not a host name', () => {
    for (const bad of [
      '',
      'localhost',
      'www.*.example.jp',
      'foo..jp',
      '-a.example.jp',
      'a_b.example.jp',
      'example.123',
      'http://example.jp',
    ])
      expect(() => normalizeCommonName(bad)).toThrow(/common name/);
  });
});
