import { parse } from 'tldts';
import { normalizeCommonName } from '../domain/common-name.js';
import type { FormField } from '../parse/form-fields.js';

export interface CommonNameFinding {
  commonName: string | null;
  /** How it was found: the label or the prose line. */
  rule: 'label' | 'prose' | 'subject' | null;
  line: number | null;
  /** Every distinct name the sender mentioned, first one first. */
  candidates: string[];
}

// Endings that are file names far more often than host names in a reply.
const FILE_ENDINGS = new Set([
  'pdf',
  'zip',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'txt',
  'csv',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'py',
  'js',
  'exe',
  'htm',
  'html',
  'eml',
  'msg',
  'crt',
  'key',
  'pem',
  'conf',
  'log',
]);

const ASCII_HOST =
  /(?<![\w@.-])(\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62})(?![\w@-]|\.[a-z0-9])/gi;
// A name with non-ASCII labels, only where it stands apart from the prose around it.
const UNICODE_HOST =
  /(?<=^|[\s「『（(【[、,:：])((?:\*\.)?[\p{L}\p{N}ー-]+(?:\.[\p{L}\p{N}ー-]+)*\.[a-z]{2,63})(?=$|[\s」』）)】\]、,。!?！？]|\.(?:\s|$))/gu;

function accept(raw: string): string | null {
  const token = raw.replace(/^[「『（(【["'<]+|[」』）)】\]"'>.,。、]+$/g, '');
  let name: string;
  try {
    name = normalizeCommonName(token);
  } catch {
    return null;
  }
  const host = name.replace(/^\*\./, '');
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (FILE_ENDINGS.has(tld)) return null;
  const info = parse(host, { allowPrivateDomains: false });
  if (!info.isIcann || !info.domain) return null;
  return name;
}

/** The value of a "コモンネーム：" line: its first token that is a host name. */
function fromLabelValue(value: string): string | null {
  for (const token of value.normalize('NFKC').split(/[\s,、]+/)) {
    const name = accept(token);
    if (name) return name;
  }
  // "https://www.example.co.jp/", "www.example.co.jp（本番）": the name inside.
  return hostsInLine(value)[0] ?? null;
}

function hostsInLine(line: string): string[] {
  const folded = line.normalize('NFKC');
  const found: string[] = [];
  for (const m of folded.matchAll(ASCII_HOST)) {
    const name = accept((m[1] ?? '') + m[2]!);
    if (name) found.push(name);
  }
  for (const m of folded.matchAll(UNICODE_HOST)) {
    if (/^[\x00-\x7f]+$/.test(m[1]!)) continue;
    const name = accept(m[1]!);
    if (name) found.push(name);
  }
  return found;
}

/**
 * The certificate's common name the sender names: a labelled value
 * (コモンネーム, Common Name, CN) wins; else a host name in the sender's own
 * prose, preferring one on a line the caller marks as the request.
 */
export function findCommonName(
  fields: readonly FormField[],
  lines: readonly string[],
  preferLines: ReadonlySet<number> = new Set(),
): CommonNameFinding {
  const candidates: string[] = [];
  let labelled: { name: string; line: number } | null = null;
  for (const field of fields) {
    if (field.kind !== 'commonName') continue;
    const name = fromLabelValue(field.value);
    if (name) {
      labelled ??= { name, line: field.line };
      if (!candidates.includes(name)) candidates.push(name);
    }
  }
  let prose: { name: string; line: number } | null = null;
  lines.forEach((line, i) => {
    for (const name of hostsInLine(line)) {
      if (!candidates.includes(name)) candidates.push(name);
      if (!prose || (preferLines.has(i) && !preferLines.has(prose.line))) prose = { name, line: i };
    }
  });
  if (labelled) return { commonName: labelled.name, rule: 'label', line: labelled.line, candidates };
  const p = prose as { name: string; line: number } | null;
  if (p) return { commonName: p.name, rule: 'prose', line: p.line, candidates };
  return { commonName: null, rule: null, line: null, candidates };
}
