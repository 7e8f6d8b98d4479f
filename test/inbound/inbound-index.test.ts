import { describe, expect, it } from 'vitest';
import { InboundIndex } from '../../src/inbound/inbound-index.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { newInboundRecord } from '../../src/inbound/intake.js';
import { contentHash } from '../../src/inbound/raw-store.js';

const record = (n: number, sha256: string, messageId: string | null): InboundRecord =>
  newInboundRecord(`I-${String(n).padStart(6, '0')}`, { sha256, size: 1, messageId }, { via: 'smtp' }, new Date());

describe('the index of mails already taken', () => {
  it('a duplicate is the same content; a known Message-ID with other content is a new mail, pointed out', () => {
    const list = [record(1, 'a', '<x@c>'), record(2, 'b', null), record(3, 'c', '<y@c>')];
    const index = new InboundIndex();
    expect(index.find(list, 'b', '<new@c>')).toEqual({ same: 1, sameMessageId: undefined });
    expect(index.find(list, 'zz', '<y@c>')).toEqual({ same: undefined, sameMessageId: 2 });
    expect(index.find(list, 'c', '<x@c>')).toEqual({ same: 2, sameMessageId: undefined });
    expect(index.find(list, 'zz', null)).toEqual({ same: undefined, sameMessageId: undefined });
  });

  it('catches up with records added since it last looked', () => {
    const list = [record(1, 'a', null)];
    const index = new InboundIndex();
    expect(index.find(list, 'b', null).same).toBeUndefined();
    const grown = [...list, record(2, 'b', '<m@c>')];
    expect(index.find(grown, 'b', null).same).toBe(1);
    expect(index.find(grown, 'q', '<m@c>').sameMessageId).toBe(1);
  });

  it('starts over when the list is not the one it saw (a store restored from a backup)', () => {
    const index = new InboundIndex();
    expect(index.find([record(1, 'a', null), record(2, 'b', null)], 'b', null).same).toBe(1);
    const other = [record(1, 'c', null), record(2, 'd', null)];
    expect(index.find(other, 'b', null).same).toBeUndefined();
    expect(index.find(other, 'd', null).same).toBe(1);
    expect(index.find([record(1, 'e', null)], 'e', null).same).toBe(0);
  });

  it('two deliveries of one mail share its content; the servers on the way do not count', () => {
    const mail = 'From: a@b.jp\r\nMessage-ID: <m@b.jp>\r\nSubject: x\r\n\r\nキャンセル';
    const viaOne = Buffer.from(`Received: from mx1 by desk\r\nAuthentication-Results: desk; none\r\n${mail}`);
    const viaTwo = Buffer.from(`Received: from mx2 by desk\r\n  (folded)\r\n${mail}`);
    expect(contentHash(viaOne)).toBe(contentHash(viaTwo));
    expect(contentHash(Buffer.from(mail.replace('キャンセル', '継続')))).not.toBe(contentHash(viaOne));
  });
});
