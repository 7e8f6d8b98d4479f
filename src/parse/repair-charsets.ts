import { isUtf8 } from 'node:buffer';
import type { Readable, Writable } from 'node:stream';
import mailsplit from '@zone-eu/mailsplit';
import Encoding from 'encoding-japanese';

const { Splitter, Joiner, Rewriter } = mailsplit;

const JAPANESE_OR_UNSET =
  /^(?:|us-?ascii|ascii|utf-?8|iso-?2022-?jp|shift[_-]?jis|sjis|x-sjis|windows-31j|cp932|ms932|euc-?jp|x-euc-jp|iso-?8859-?1|latin1|windows-1252)$/;

/**
 * The charset a text body is really written in, when its label is wrong or
 * missing; null when the label can stand. Only Japanese encodings and UTF-8
 * are guessed: these are the mislabels Japanese business mail has.
 */
export function actualCharset(declared: string, bytes: Buffer): string | null {
  const label = declared.toLowerCase();
  if (!JAPANESE_OR_UNSET.test(label)) return null;
  const hasHigh = bytes.some((b) => b >= 0x80);
  const hasEsc = bytes.includes(0x1b);
  if (!hasHigh) {
    // 7-bit with JIS escape sequences: ISO-2022-JP, whatever the label says.
    if (hasEsc && /\x1b\$[@B]|\x1b\([BJ]/.test(bytes.toString('latin1')))
      return label.includes('2022') ? null : 'ISO-2022-JP';
    return null;
  }
  if (isUtf8(bytes)) return /^utf-?8$/.test(label) ? null : 'UTF-8';
  const detected = Encoding.detect(bytes, ['SJIS', 'EUCJP']);
  if (detected === 'EUCJP') return /euc/.test(label) ? null : 'EUC-JP';
  if (detected === 'SJIS') return /sjis|shift|31j|932/.test(label) ? null : 'Shift_JIS';
  return null;
}

/**
 * Rewrites the charset label of every text part whose label is wrong or
 * missing (JIS sent without a charset, Shift_JIS labelled UTF-8 or
 * ISO-2022-JP, …), so that mailparser decodes it right. The raw message
 * itself is kept as received; this copy is only for reading it.
 */
export async function repairCharsets(raw: Buffer): Promise<{ raw: Buffer; repairs: string[] }> {
  const repairs: string[] = [];
  const rewriter = new Rewriter((node) => {
    const type = node.contentType || 'text/plain';
    return type.startsWith('text/') && node.disposition !== 'attachment';
  });
  rewriter.on(
    'node',
    (data: { node: InstanceType<typeof mailsplit.MimeNode>; decoder: Readable; encoder: Writable }) => {
      const chunks: Buffer[] = [];
      data.decoder.on('data', (c: Buffer) => chunks.push(c));
      data.decoder.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const declared = data.node.charset || '';
        const actual = actualCharset(declared, bytes);
        if (actual) {
          data.node.setCharset(actual);
          repairs.push(`${data.node.contentType || 'text/plain'} labelled ${declared || '(no charset)'} is ${actual}`);
        }
        data.encoder.end(bytes);
      });
    },
  );
  // Piped by hand: stream.pipeline's abort signals and end-of-stream hooks cost more than the splitting itself.
  const out: Buffer[] = [];
  const splitter = new Splitter();
  const joiner = new Joiner();
  await new Promise<void>((resolve, reject) => {
    for (const stream of [splitter, rewriter, joiner] as NodeJS.EventEmitter[]) stream.once('error', reject);
    joiner.on('data', (chunk: Buffer) => out.push(chunk));
    (joiner as NodeJS.EventEmitter).once('end', resolve);
    splitter.pipe(rewriter).pipe(joiner);
    splitter.end(raw);
  });
  return { raw: repairs.length ? Buffer.concat(out) : raw, repairs };
}
