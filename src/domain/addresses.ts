import { domainToASCII } from 'node:url';

/** An address's domain as the mail system sees it: lower case, an internationalized one as its A-label. */
export function domainOf(address: string): string {
  const domain = address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return (/^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain)) || domain;
}

/** The local part with only ASCII letters folded: the mail system never maps "K" (U+212A) to "k". */
function localOf(address: string): string {
  return address.slice(0, address.lastIndexOf('@')).replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Whether two addresses are the same mailbox, compared as mail systems do:
 * the local part byte for byte apart from ASCII case, the domain as its
 * A-label. No Unicode folding: NFKC would make "taro@" of "taro@" in
 * another script, which no mail server would deliver to the same box.
 */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b || !a.includes('@') || !b.includes('@')) return false;
  return localOf(a.trim()) === localOf(b.trim()) && domainOf(a) === domainOf(b);
}

/** An address as a key: the same mailbox always gives the same key. */
export function addressKey(address: string): string {
  return `${localOf(address.trim())}@${domainOf(address)}`;
}

/**
 * The desk's own mailbox and its `desk+token@` forms: one place that knows
 * what an address of ours looks like (the listener's recipients, our own
 * mail coming back, answers never sent to ourselves, reply tokens).
 */
export class DeskIdentity {
  private readonly local: string;
  private readonly domain: string;

  constructor(readonly address: string) {
    const at = address.lastIndexOf('@');
    this.local = localOf(address);
    this.domain = domainOf(address.slice(at));
  }

  /** The token in `desk+token@…`, or null (also for the plain desk address). */
  tokenOf(recipient: string): string | null {
    const at = recipient.lastIndexOf('@');
    if (at < 0 || domainOf(recipient) !== this.domain) return null;
    const local = recipient.slice(0, at);
    return localOf(local + '@').startsWith(`${this.local}+`) ? local.slice(this.local.length + 1) : null;
  }

  /** The desk's address or a desk+anything form of it. */
  isOurs(address: string | null | undefined): boolean {
    return !!address && (sameAddress(address, this.address) || this.tokenOf(address) !== null);
  }

  /** `desk+token@domain`. */
  plus(token: string): string {
    const at = this.address.lastIndexOf('@');
    return `${this.address.slice(0, at)}+${token}${this.address.slice(at)}`;
  }
}

/** Full-width ASCII ("ｔａｒｏ＠…") as ASCII: what staff and customers type on a Japanese keyboard. Nothing else is mapped. */
export function foldWideAscii(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
