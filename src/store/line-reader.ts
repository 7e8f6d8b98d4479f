import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

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
  private rest = '';
  private done = false;
  private readonly decoder = new StringDecoder('utf8');
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

  private async fill(): Promise<void> {
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.chunk, null);
    const text = this.rest + (bytesRead ? this.decoder.write(this.buffer.subarray(0, bytesRead)) : this.decoder.end());
    if (!bytesRead) this.done = true;
    const lines = text.split('\n');
    this.rest = this.done ? '' : lines.pop()!;
    if (this.done && lines.at(-1) === '') lines.pop(); // the break after the last line ends it, it does not start one
    this.lines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    this.next = 0;
  }
}
