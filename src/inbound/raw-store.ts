import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../store/write-durably.js';

/**
 * Raw messages as received, content-addressed (data/raw/ab/<sha256>.eml),
 * each fsynced before it counts as stored. Kept out of the JSON store: a
 * store of years of mail would make every transaction slow.
 */
export class RawStore {
  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.eml`);
  }

  /** Store the bytes (a no-op when the same bytes are already there); returns their SHA-256. */
  async put(raw: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const file = this.pathOf(sha256);
    const existing = await stat(file).catch(() => null);
    if (existing?.size === raw.length) return sha256;
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    await writeFileDurably(file, (handle) => handle.writeFile(raw));
    return sha256;
  }

  get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }
}

/** The Message-ID of a raw message, read from its header without a full parse; null when it has none. */
export function peekMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, 65_536).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^<>\s]{1,900}>)/im.exec(header);
  return m ? m[1]!.toLowerCase() : null;
}
