import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { asciiJson } from './ascii-json.js';
import { LineReader } from './line-reader.js';
import { writeFileDurably } from './write-durably.js';

/** The first line of a snapshot written as lines; a file without it is read as one JSON document. */
const FORMAT = 'certdesk-store/lines';

/** Checks (and may copy) one record as it is read, knowing the file's plain fields: throws to refuse the file. */
export type ReviveRecord = (collection: string, record: unknown, index: number, header: Document) => unknown;

export type Document = Record<string, unknown>;

/** Thrown for a snapshot whose lines are JSON but do not add up to a snapshot. */
export class SnapshotMalformed extends Error {}

/**
 * The lowdb adapter of the store's snapshot. It is written as JSON lines: a
 * header (the plain fields and how many records each collection has), then
 * one record per line. Read line by line, with each record checked as it
 * comes, a snapshot of 100,000 orders never exists as one 100 MB string
 * beside its parsed and its checked copy (that peak was 700 MB of RSS).
 * Written durably (temp file, fsync, rename). A snapshot from before this
 * format (one JSON document) is still read, and replaced at the next
 * compaction.
 *
 * Its last line seals it: the SHA-256 of every line before it and the
 * fingerprint of the record schemas it was checked against. A sealed
 * snapshot whose lines are unchanged, read by the same schemas, is not
 * checked record by record again (that was most of every command's start:
 * half a second at 10,000 orders); anything else is.
 */
export class SnapshotFile implements Adapter<Document | null> {
  /** Write the next snapshot in ASCII (the store asks for it when it folds in a quiet moment). */
  ascii = false;

  constructor(
    readonly file: string,
    /** Which fields are collections written one record per line. */
    private readonly collections: readonly string[],
    private readonly revive: ReviveRecord = (_c, record) => record,
    /** The fingerprint of the schemas `revive` checks by (store/schema.ts); a seal by others is not trusted. */
    private readonly schemas = '',
  ) {}

  /** The snapshot, or null when there is none; a SyntaxError when it is not JSON. */
  async read(): Promise<Document | null> {
    let lines: LineReader | undefined;
    try {
      lines = await LineReader.open(this.file);
      const first = await lines.read();
      if (first === null) return this.readWhole();
      const header = parseLine(first, 1, false);
      if (!isLinesHeader(header)) return this.readWhole();
      return await this.readRecords(header, first, lines);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    } finally {
      await lines?.close();
    }
  }

  private async readRecords(header: Document, headerLine: string, lines: LineReader): Promise<Document> {
    const { format: _format, records: counts, ...rest } = header as { format: string; records: Record<string, number> };
    const data: Document = rest;
    const hash = createHash('sha256').update(headerLine + '\n');
    let lineNo = 1;
    for (const [collection, count] of Object.entries(counts)) {
      if (!Number.isSafeInteger(count) || count < 0) throw new SnapshotMalformed(`a bad count for ${collection}`);
      const list: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const line = await lines.read();
        lineNo++;
        if (line === null)
          throw new SnapshotMalformed(`ends after ${lineNo - 1} lines: ${collection} has ${i} of ${count}`);
        hash.update(line).update('\n');
        list.push(parseLine(line, lineNo));
      }
      data[collection] = list;
    }
    const last = await lines.read();
    const seal = last === null ? null : (parseLine(last, lineNo + 1, false) as { sealed?: Seal } | null)?.sealed;
    if (last !== null && !seal) throw new SnapshotMalformed(`more lines than its header counts (${lineNo})`);
    if ((await lines.read()) !== null) throw new SnapshotMalformed(`more lines after its seal (${lineNo + 1})`);
    const intact = !!seal && !!this.schemas && seal.schemas === this.schemas && seal.sha256 === hash.digest('hex');
    if (!intact)
      for (const collection of Object.keys(counts))
        data[collection] = (data[collection] as unknown[]).map((r, i) => this.revive(collection, r, i, data));
    return data;
  }

  /** A snapshot written as one JSON document (before the lines format, or by hand). */
  private async readWhole(): Promise<Document> {
    const doc = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc as Document;
    const data = doc as Document;
    for (const collection of this.collections) {
      const list = data[collection];
      if (Array.isArray(list)) data[collection] = list.map((record, i) => this.revive(collection, record, i, data));
    }
    return data;
  }

  async write(data: Document | null): Promise<void> {
    if (!data) return;
    const header: Document = { format: FORMAT };
    const records: Record<string, number> = {};
    for (const [key, value] of Object.entries(data))
      if (this.collections.includes(key) && Array.isArray(value)) records[key] = value.length;
      else header[key] = value;
    header.records = records;
    await writeFileDurably(this.file, async (handle) => {
      // In chunks of about 1 MB: neither one huge string nor a write per record. In ASCII when asked
      // (see asciiJson): read faster, written slower (with
      // it on every fold, the outbound bench, whose snapshot holds Japanese mail bodies, fell 0.63 to 0.52).
      let chunk = JSON.stringify(header) + '\n';
      const hash = createHash('sha256');
      for (const collection of Object.keys(records))
        for (const record of data[collection] as unknown[]) {
          chunk += JSON.stringify(record) + '\n';
          if (chunk.length > 1 << 20) {
            if (this.ascii) chunk = asciiJson(chunk);
            hash.update(chunk);
            await handle.write(chunk);
            chunk = '';
          }
        }
      if (this.ascii) chunk = asciiJson(chunk);
      hash.update(chunk);
      // The records written are the store's own, each checked when it changed: sealed as such.
      const seal: Seal = { sha256: hash.digest('hex'), schemas: this.schemas };
      await handle.write(chunk + JSON.stringify({ sealed: seal }) + '\n');
    });
  }
}

/** The last line of a snapshot: what its lines hash to, and by which schemas its records were checked. */
interface Seal {
  sha256: string;
  schemas: string;
}

/** One line's JSON; with `strict` false, a line that is not JSON is null (the header line of a pretty-printed document). */
function parseLine(line: string, lineNo: number, strict = true): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    if (!strict) return null;
    throw new SyntaxError(`line ${lineNo}: ${(err as Error).message}`, { cause: err });
  }
}

function isLinesHeader(value: unknown): value is Document {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Document).format === FORMAT &&
    typeof (value as Document).records === 'object'
  );
}
