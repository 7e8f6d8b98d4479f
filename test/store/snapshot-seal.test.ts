import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { tempDir } from '../helpers/cli.js';

const doc = () => ({ version: 1, counters: { order: 2 }, orders: [{ id: 'C-0001' }, { id: 'C-0002' }] });

/** A snapshot file whose records are checked by a counting revive that refuses an id it does not like. */
function snapshot(file: string, schemas = 'fp-1') {
  const checked: string[] = [];
  const revive = (_c: string, r: unknown) => {
    const id = (r as { id: string }).id;
    if (!/^C-\d{4}$/.test(id)) throw new Error(`orders: bad id ${id}`);
    checked.push(id);
    return r;
  };
  return { file: new SnapshotFile(file, ['orders'], revive, schemas), checked };
}

describe('a sealed snapshot', () => {
  it('read back unchanged by the same schemas: its records are not checked again', async () => {
    const file = join(tempDir(), 'store.json');
    await snapshot(file).file.write(doc());
    expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toMatch(
      /^\{"sealed":\{"sha256":"[0-9a-f]{64}","schemas":"fp-1"\}\}$/,
    );
    const again = snapshot(file);
    expect(await again.file.read()).toEqual(doc());
    expect(again.checked).toEqual([]);
  });

  it('read by other schemas, or with a line changed, or without its seal: every record is checked', async () => {
    const file = join(tempDir(), 'store.json');
    await snapshot(file).file.write(doc());
    const other = snapshot(file, 'fp-2');
    expect(await other.file.read()).toEqual(doc());
    expect(other.checked).toEqual(['C-0001', 'C-0002']);

    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"C-0002"', '"C-0003"'));
    const edited = snapshot(file);
    await edited.file.read();
    expect(edited.checked).toEqual(['C-0001', 'C-0003']);

    writeFileSync(file, text.replace('"C-0002"', '"X-9"'));
    await expect(snapshot(file).file.read()).rejects.toThrow('orders: bad id X-9');

    writeFileSync(file, text.split('\n').slice(0, -2).join('\n') + '\n');
    const unsealed = snapshot(file);
    await unsealed.file.read();
    expect(unsealed.checked).toEqual(['C-0001', 'C-0002']);
  });

  it('written in ASCII when asked, whatever its records hold, read back the same; one in UTF-8 still sealed', async () => {
    const file = join(tempDir(), 'store.json');
    // Japanese, a character past U+FFFF (two UTF-16 units), a lone surrogate, a line separator.
    const odd = { version: 1, orders: [{ id: 'C-0001', o: '株式会社テスト 𠮷野家 \ud800 \u2028 "引用"\\' }] };
    const writer = snapshot(file).file;
    writer.ascii = true;
    await writer.write(odd);
    const bytes = readFileSync(file);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const again = snapshot(file);
    expect(await again.file.read()).toEqual(odd);
    expect(again.checked).toEqual([]);

    // The same snapshot in UTF-8 (as written in a burst, or by an older certdesk), sealed by the hash of those lines.
    const lines = [JSON.stringify({ format: 'certdesk-store/lines', version: 1, records: { orders: 1 } })];
    lines.push(JSON.stringify(odd.orders[0]));
    const sha256 = createHash('sha256')
      .update(lines.join('\n') + '\n')
      .digest('hex');
    writeFileSync(file, [...lines, JSON.stringify({ sealed: { sha256, schemas: 'fp-1' } })].join('\n') + '\n');
    expect(readFileSync(file).some((b) => b >= 0x80)).toBe(true);
    const older = snapshot(file);
    expect(await older.file.read()).toEqual(odd);
    expect(older.checked).toEqual([]);
  });

  it('a line after the seal is refused', async () => {
    const file = join(tempDir(), 'store.json');
    await snapshot(file).file.write(doc());
    writeFileSync(file, readFileSync(file, 'utf8') + '{"id":"C-0009"}\n');
    await expect(snapshot(file).file.read()).rejects.toThrow(/more lines after its seal/);
  });
});
