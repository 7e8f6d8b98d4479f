import { describe, expect, it } from 'vitest';
import { findById, indexById } from '../../src/store/find-by-id.js';

describe('finding a record by its id', () => {
  const numbered = [{ id: 'M-000001' }, { id: 'M-000002' }, { id: 'M-000003' }];

  it('looks at the place its number gives', () => {
    expect(indexById(numbered, 'M-000002')).toBe(1);
    expect(findById(numbered, 'M-000003')).toBe(numbered[2]);
  });

  it('falls back to a scan when the list is numbered otherwise, and says when there is none', () => {
    const imported = [{ id: 'C-0007' }, { id: 'C-0002' }, { id: 'C-0100' }];
    expect(indexById(imported, 'C-0002')).toBe(1);
    expect(findById(imported, 'C-0100')).toBe(imported[2]);
    expect(indexById(imported, 'C-0001')).toBe(-1);
    expect(findById(numbered, 'M-000009')).toBeUndefined();
    expect(findById(numbered, 'garbage')).toBeUndefined();
    expect(findById(numbered, '')).toBeUndefined();
  });
});
