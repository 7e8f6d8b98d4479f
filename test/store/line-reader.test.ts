import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src/store/line-reader.js';
import { tempDir } from '../helpers/cli.js';

async function linesOf(text: string | Buffer, chunk: number): Promise<string[]> {
  const file = join(tempDir('certdesk-lines-'), 'f');
  writeFileSync(file, text);
  const reader = await LineReader.open(file, chunk);
  const out: string[] = [];
  for (let line = await reader.read(); line !== null; line = await reader.read()) out.push(line);
  await reader.close();
  return out;
}

describe('a file read line by line in chunks', () => {
  const text = '{"a":"証明書"}\r\n\n{"b":"ｗｗｗ．例え．jp"}\nlast line without a break';
  it.each([1, 2, 3, 5, 7, 64, 1 << 20])('gives the same lines whatever the chunk (%i bytes)', async (chunk) => {
    expect(await linesOf(text, chunk)).toEqual([
      '{"a":"証明書"}',
      '',
      '{"b":"ｗｗｗ．例え．jp"}',
      'last line without a break',
    ]);
  });

  it('has no line after a final break, and none in an empty file', async () => {
    expect(await linesOf('a\nb\n', 2)).toEqual(['a', 'b']);
    expect(await linesOf('', 4)).toEqual([]);
    expect(await linesOf('\n', 4)).toEqual(['']);
  });

  it('reads lines in ASCII and in UTF-8 alike, in one file, and a line longer than many chunks', async () => {
    const long = 'x'.repeat(5000);
    const mixed = `ascii\n証明書\n${long}\n{"o":"\\u682a"}\n株式会社${long}\nend`;
    for (const chunk of [1, 3, 4, 7, 4096, 1 << 20])
      expect(await linesOf(mixed, chunk)).toEqual([
        'ascii',
        '証明書',
        long,
        '{"o":"\\u682a"}',
        `株式会社${long}`,
        'end',
      ]);
  });

  it('keeps a character split between two chunks whole', async () => {
    // 証 is three bytes: every chunk size from 1 to 4 splits some of them.
    const long = '証明'.repeat(1000);
    for (const chunk of [1, 2, 4]) expect(await linesOf(`${long}\n${long}`, chunk)).toEqual([long, long]);
  });
});
