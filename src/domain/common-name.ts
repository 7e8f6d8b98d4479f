import { domainToASCII, domainToUnicode } from 'node:url';
import { InvalidCommonName } from './errors.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The certificate's common name as the desk stores it: lower case, full-width
 * forms folded (NFKC), an internationalized name as its A-label, a leading
 * wildcard label kept. Throws InvalidCommonName for anything else.
 */
export function normalizeCommonName(input: string): string {
  let name = input.normalize('NFKC').trim().toLowerCase().replace(/。|｡/g, '.');
  if (name.endsWith('.')) name = name.slice(0, -1);
  let wildcard = false;
  if (name.startsWith('*.')) {
    wildcard = true;
    name = name.slice(2);
  }
  if (name.includes('*')) throw new InvalidCommonName(input, 'a wildcard may only be the whole leftmost label');
  if (name === '') throw new InvalidCommonName(input, 'empty');
  // domainToASCII applies UTS #46 (the same mapping browsers use) and returns '' when it cannot.
  const ascii = /^[\x21-\x7e]+$/.test(name) ? name : domainToASCII(name);
  if (ascii === '') throw new InvalidCommonName(input, 'not a domain name');
  const labels = ascii.split('.');
  if (labels.length < 2) throw new InvalidCommonName(input, 'needs at least two labels');
  if (ascii.length > 253) throw new InvalidCommonName(input, 'longer than 253 characters');
  for (const label of labels) {
    if (!LABEL.test(label)) throw new InvalidCommonName(input, `bad label ${JSON.stringify(label)}`);
  }
  if (!TLD.test(labels[labels.length - 1]!))
    throw new InvalidCommonName(input, 'the last label is not a top-level domain');
  return (wildcard ? '*.' : '') + ascii;
}

export function isValidCommonName(input: string): boolean {
  try {
    normalizeCommonName(input);
    return true;
  } catch {
    return false;
  }
}

/** A stored (A-label) common name as people read it: the Unicode form (`*.` kept). Unchanged when it is plain ASCII. */
export function unicodeCommonName(stored: string): string {
  if (!stored.includes('xn--')) return stored;
  const wildcard = stored.startsWith('*.');
  const unicode = domainToUnicode(wildcard ? stored.slice(2) : stored);
  return unicode ? (wildcard ? '*.' : '') + unicode : stored;
}

/** The name for a person, with the A-label beside it where the two differ: `www.例え.jp (www.xn--r8jz45g.jp)`. */
export function displayCommonName(stored: string): string {
  const unicode = unicodeCommonName(stored);
  return unicode === stored ? stored : `${unicode} (${stored})`;
}
