import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../store/write-durably.js';

/** How many bytes of mail just written are kept to be read without the disk. */
const RECENT_BYTES = 32 * 1024 * 1024;

/**
 * Raw messages as received, content-addressed (data/raw/ab/<sha256>.eml),
 * each fsynced before it counts as stored. Kept out of the JSON store: a
 * store of years of mail would make every transaction slow.
 */
export class RawStore {
  /** Folders known to exist: a mkdir per mail is a round trip to the disk for nothing. */
  private readonly folders = new Set<string>();
  /**
   * Mail just written, kept until it is read once (by the drain, moments
   * later), so it is not read back from disk: four file calls per mail. The
   * files are the truth; this only saves reading them. At most RECENT_BYTES.
   */
  private readonly recent = new Map<string, Buffer>();
  private recentBytes = 0;

  constructor(readonly dir: string) {}

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.eml`);
  }

  /** Store the bytes (the same bytes again replace the file with itself); returns their SHA-256. */
  async put(raw: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const folder = join(this.dir, sha256.slice(0, 2));
    try {
      if (!this.folders.has(folder)) await mkdir(folder, { recursive: true });
      this.folders.add(folder);
      await writeFileDurably(this.pathOf(sha256), (handle) => handle.writeFile(raw));
    } catch (err) {
      this.folders.delete(folder); // removed or made unwritable meanwhile: look again next time
      throw err;
    }
    this.remember(sha256, raw);
    return sha256;
  }

  /** The SHA-256 of every raw file on disk, its folders read side by side (a desk's years of mail fill 256). */
  async list(): Promise<string[]> {
    let folders: string[];
    try {
      folders = (await readdir(this.dir)).filter((f) => /^[0-9a-f]{2}$/.test(f));
    } catch {
      return [];
    }
    const names = await Promise.all(folders.map((f) => readdir(join(this.dir, f)).catch(() => [] as string[])));
    return names.flat().flatMap((name) => {
      const sha = name.replace(/\.eml$/, '');
      return /^[0-9a-f]{64}$/.test(sha) ? [sha] : [];
    });
  }

  /**
   * The raw files older than `olderThanMs` (a file just written waits a few
   * milliseconds for its record) whose names the store does not know: mail
   * taken but never recorded, or records the journal lost. `listed` may be
   * a list begun before the store was read (each file in it has its record
   * by then, if it was ever recorded).
   */
  async unknown(
    known: ReadonlySet<string>,
    now: number,
    listed: Promise<string[]> = this.list(),
    olderThanMs = 60_000,
  ): Promise<string[]> {
    const strangers = (await listed).filter((sha) => !known.has(sha));
    const ages = await Promise.all(
      strangers.map((sha) =>
        stat(this.pathOf(sha)).then(
          (s) => now - s.mtimeMs,
          () => 0,
        ),
      ),
    );
    return strangers.filter((_, i) => ages[i]! >= olderThanMs);
  }

  /** The first bytes of a raw mail (its header, for a peek), without reading all of it. */
  async head(sha256: string, bytes = 65_536): Promise<Buffer> {
    const handle = await open(this.pathOf(sha256), 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async get(sha256: string): Promise<Buffer> {
    const kept = this.recent.get(sha256);
    if (!kept) return readFile(this.pathOf(sha256));
    this.recent.delete(sha256);
    this.recentBytes -= kept.length;
    return kept;
  }

  private remember(sha256: string, raw: Buffer): void {
    if (this.recent.has(sha256) || raw.length > RECENT_BYTES / 4) return;
    this.recent.set(sha256, raw);
    this.recentBytes += raw.length;
    for (const [oldest, bytes] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES) break;
      this.recent.delete(oldest); // a backlog longer than this is read from disk
      this.recentBytes -= bytes.length;
    }
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

// Headers each server on the way adds: two deliveries of one mail differ only in these.
const TRACE =
  /^(?:received|return-path|delivered-to|x-original-to|authentication-results|x-original-authentication-results|received-spf|arc-[a-z-]+|x-received|envelope-to)$/i;

/**
 * The mail as its author wrote it, hashed: the header fields but those the
 * servers on the way added, and the body. Two deliveries of one mail (a
 * retry, a copy the MTA made twice) share it; another mail under a reused
 * Message-ID does not.
 */
export function contentHash(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  const fields = head.split(/\r?\n(?![ \t])/).filter((f) => !TRACE.test(f.slice(0, f.indexOf(':')).trim()));
  const hash = createHash('sha256').update(fields.map((f) => f.replace(/\r?\n[ \t]+/g, ' ').trimEnd()).join('\n'));
  hash.update('\n\n');
  hash.update(end >= 0 ? raw.subarray(end) : Buffer.alloc(0)); // latin1: one character per byte
  return hash.digest('hex');
}

/** The From address of a raw mail's header, lower case ASCII; null when none can be seen. */
export function peekFrom(raw: Buffer): string | null {
  const head = raw.subarray(0, 65_536).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const from = /^from:\s*(.*)$/im.exec(header)?.[1] ?? '';
  const m = /<([^<>\s@]+@[^<>\s]+)>/.exec(from) ?? /([^\s<>",;]+@[^\s<>",;]+)/.exec(from);
  return m ? m[1]!.replace(/[A-Z]/g, (c) => c.toLowerCase()) : null;
}
