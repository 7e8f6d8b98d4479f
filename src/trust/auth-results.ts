/** One method's result in an Authentication-Results header (RFC 8601 §2.2). */
export interface AuthResult {
  method: string;
  result: string;
  reason: string | null;
  /** `ptype.property` → value: `header.from`, `smtp.mailfrom`, `header.d`, `policy.dmarc`. */
  props: Record<string, string>;
}

export interface AuthResultsHeader {
  authservId: string;
  results: AuthResult[];
}

/**
 * The header with its comments taken out (they may nest and hold anything,
 * "(dmarc=pass)" included) and split at the semicolons that are not inside a
 * quoted string. Null when the header is not well formed.
 */
function tokensOf(header: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!;
    if (c === '\\' && (quoted || depth > 0)) {
      // An escaped character: kept inside a quoted string, dropped with the comment it is in.
      if (quoted) current += header.slice(i, i + 2);
      i++;
      continue;
    }
    if (quoted) {
      current += c;
      if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '(') {
      depth = 1;
      current += ' ';
    } else if (c === '"') {
      quoted = true;
      current += c;
    } else if (c === ';') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (depth > 0 || quoted) return null;
  parts.push(current);
  return parts.map((p) => p.replace(/\s+/g, ' ').trim());
}

const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);
const PAIR = /^([A-Za-z0-9._-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*/;

function resultOf(text: string): AuthResult | null {
  let rest = text;
  const first = PAIR.exec(rest);
  if (!first) return null;
  rest = rest.slice(first[0].length);
  const method = first[1]!.toLowerCase().replace(/\/\d+$/, '');
  const result: AuthResult = { method, result: unquote(first[2]!).toLowerCase(), reason: null, props: {} };
  while (rest) {
    const pair = PAIR.exec(rest);
    if (!pair) return null;
    rest = rest.slice(pair[0].length);
    const key = pair[1]!.toLowerCase();
    if (key === 'reason') result.reason = unquote(pair[2]!);
    else if (key.includes('.')) result.props[key] = unquote(pair[2]!).toLowerCase();
    else return null;
  }
  return result;
}

/**
 * Parses one Authentication-Results header as RFC 8601 writes it:
 * `authserv-id [version] ; method[/version]=result [reason=…] [ptype.property=value …] ; …`,
 * or `authserv-id; none`, with comments anywhere. Null when it is not one.
 */
export function parseAuthResults(header: string): AuthResultsHeader | null {
  const tokens = tokensOf(header);
  if (!tokens) return null;
  const [head, ...rest] = tokens;
  const id = /^([^\s;]+)(?:\s+\d+)?$/.exec(head ?? '');
  if (!id) return null;
  const results: AuthResult[] = [];
  for (const part of rest) {
    if (!part || part.toLowerCase() === 'none') continue;
    const r = resultOf(part);
    if (!r) return null;
    results.push(r);
  }
  return { authservId: id[1]!.toLowerCase(), results };
}

/**
 * The results our trusted server stamped: the topmost Authentication-Results
 * header(s) that carry its authserv-id, as many as stand together at the
 * top of its run. Anything lower down came with the message, written by
 * whoever sent it, and counts for nothing — a header that does not parse
 * counts for nothing either.
 */
export function trustedResults(headers: readonly string[], authservId: string): AuthResult[] {
  const want = authservId.toLowerCase();
  const parsed = headers.map(parseAuthResults);
  const first = parsed.findIndex((h) => h?.authservId === want);
  if (first < 0) return [];
  const out: AuthResult[] = [];
  for (let i = first; i < parsed.length && parsed[i]?.authservId === want; i++) out.push(...parsed[i]!.results);
  return out;
}
