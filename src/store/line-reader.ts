import { open, type FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';

/** How much of the file is read at a time: a 100,000-order store is never one string. */
const CHUNK = 1 << 20;

/**
 * A file's lines, read a megabyte at a time. The line break is `\n` (a
 * `\r` before it is dropped, for a file edited on Windows); a last line
 * without one is still a line. Handwritten rather than node:readline: over a
 * stream, readline costs a turn of events per line, most of reading a store
 * of a thousand orders.
 */
export class LineReader {
  private lines: string[] = [];
  private next = 0;
  /** The bytes read since the last line break: a line the next reads end (copies: the buffer is reused). */
  private rest: Buffer[] = [];
  private done = false;
  private readonly buffer: Buffer;

  private constructor(
    private readonly handle: FileHandle,
    private readonly chunk: number,
  ) {
    this.buffer = Buffer.allocUnsafe(chunk);
  }

  /** The file opened for reading (ENOENT when there is none); `chunk` bytes at a time. */
  static async open(file: string, chunk = CHUNK): Promise<LineReader> {
    return new LineReader(await open(file, 'r'), chunk);
  }

  /** The next line, or null after the last. */
  async read(): Promise<string | null> {
    while (this.next >= this.lines.length) {
      if (this.done) return null;
      await this.fill();
    }
    return this.lines[this.next++]!;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  // Cut at the last line break's byte, which is never inside a UTF-8 character, so each piece
  // decodes whole: a piece in ASCII (a snapshot certdesk wrote, see asciiJson) as one-byte text,
  // a copy; any other as UTF-8.
  private async fill(): Promise<void> {
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.chunk, null);
    const read = this.buffer.subarray(0, bytesRead);
    if (!bytesRead) this.done = true;
    const end = read.lastIndexOf(0x0a) + 1; // at the end of the file, the rest is its last line
    if (!this.done && end === 0) {
      this.rest.push(Buffer.from(read)); // no line ends here: a long line, kept until one does
      return;
    }
    const whole = this.rest.length ? Buffer.concat([...this.rest, read.subarray(0, end)]) : read.subarray(0, end);
    this.rest = end < read.length ? [Buffer.from(read.subarray(end))] : [];
    const lines = (isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8')).split('\n');
    if (!this.done || lines.at(-1) === '') lines.pop(); // the break after the last line ends it, it does not start one
    this.lines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    this.next = 0;
  }
}
