import { describe, expect, it } from 'vitest';
import { InboundIndex } from '../../src/inbound/inbound-index.js';
import type { InboundRecord } from '../../src/inbound/inbound-record.js';
import { newInboundRecord } from '../../src/inbound/intake.js';

const record = (n: number, sha256: string, messageId: string | null): InboundRecord =>
  newInboundRecord(`I-${String(n).padStart(6, '0')}`, { sha256, size: 1, messageId }, { via: 'smtp' }, new Date());

describe('the index of mails already taken', () => {
  it('finds the same bytes or the same Message-ID, the first record either way, as a scan would', () => {
    const list = [record(1, 'a', '<x@c>'), record(2, 'b', null), record(3, 'c', '<y@c>')];
    const index = new InboundIndex();
    expect(index.find(list, 'b', '<new@c>')).toBe(1);
    expect(index.find(list, 'zz', '<y@c>')).toBe(2);
    expect(index.find(list, 'c', '<x@c>')).toBe(0);
    expect(index.find(list, 'zz', null)).toBeUndefined();
  });

  it('catches up with records added since it last looked', () => {
    const list = [record(1, 'a', null)];
    const index = new InboundIndex();
    expect(index.find(list, 'b', null)).toBeUndefined();
    const grown = [...list, record(2, 'b', '<m@c>')];
    expect(index.find(grown, 'b', null)).toBe(1);
    expect(index.find(grown, 'q', '<m@c>')).toBe(1);
  });

  it('starts over when the list is not the one it saw (a store restored from a backup)', () => {
    const index = new InboundIndex();
    expect(index.find([record(1, 'a', null), record(2, 'b', null)], 'b', null)).toBe(1);
    // Same length and numbering, other mails: nothing of the old list may count as a duplicate.
    const other = [record(1, 'c', null), record(2, 'd', null)];
    expect(index.find(other, 'b', null)).toBeUndefined();
    expect(index.find(other, 'd', null)).toBe(1);
    // Shorter than what it saw.
    expect(index.find([record(1, 'e', null)], 'e', null)).toBe(0);
  });
});
