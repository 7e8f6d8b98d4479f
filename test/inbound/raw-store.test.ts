import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RawStore } from '../../src/inbound/raw-store.js';
import { tempDir } from '../helpers/cli.js';

describe('the raw mail store', () => {
  it('writes the bytes under their SHA-256 before it says they are stored', async () => {
    const raws = new RawStore(tempDir());
    const raw = Buffer.from('Subject: hi\r\n\r\nbody\r\n');
    const sha256 = await raws.put(raw);
    expect(readFileSync(raws.pathOf(sha256))).toEqual(raw);
  });

  it('hands a mail just written to its first reader without the disk, and later readers from the disk', async () => {
    const raws = new RawStore(tempDir());
    const raw = Buffer.from('Subject: kept\r\n\r\nbody\r\n');
    const sha256 = await raws.put(raw);
    rmSync(raws.pathOf(sha256)); // so a read that goes to the disk shows
    expect(await raws.get(sha256)).toEqual(raw);
    await expect(raws.get(sha256)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
