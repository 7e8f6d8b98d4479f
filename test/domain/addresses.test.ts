import { describe, expect, it } from 'vitest';
import { DeskIdentity, sameAddress } from '../../src/domain/addresses.js';

describe('addresses compared as the mail system does', () => {
  it('ASCII case folds, the domain as its A-label', () => {
    expect(sameAddress('Taro@Example.CO.JP', 'taro@example.co.jp')).toBe(true);
    expect(sameAddress('taro@例え.jp', 'taro@xn--r8jz45g.jp')).toBe(true);
  });
  it('no Unicode folding: the Kelvin sign is not k, full-width is not ASCII', () => {
    expect(sameAddress('\u212Aen@example.co.jp', 'ken@example.co.jp')).toBe(false);
    expect(sameAddress('ｋen@example.co.jp', 'ken@example.co.jp')).toBe(false);
  });
  it("the desk's own address and its plus forms", () => {
    const desk = new DeskIdentity('ssl-desk@biz-mail.example.jp');
    expect(desk.isOurs('SSL-Desk@BIZ-mail.example.jp')).toBe(true);
    expect(desk.tokenOf('ssl-desk+c0001-abc@biz-mail.example.jp')).toBe('c0001-abc');
    expect(desk.isOurs('ssl-desk@evil.example')).toBe(false);
    expect(desk.isOurs('\u212Assl-desk@biz-mail.example.jp')).toBe(false);
  });
});
