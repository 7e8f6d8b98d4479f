import { DeskIdentity } from '../domain/addresses.js';
import { createHmac, timingSafeEqual } from 'node:crypto';

// base32 (RFC 4648 alphabet, lower case): safe in a local part, case-folding servers keep it.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

function mac(orderId: string, secret: string): string {
  return base32(createHmac('sha256', secret).update(`reply-token:${orderId.toUpperCase()}`).digest(), 16);
}

/** A per-order token for the Reply-To address (`desk+<token>@domain`): the order id and its HMAC. */
export function signReplyToken(orderId: string, secret: string): string {
  return `${orderId.toLowerCase().replace('-', '')}-${mac(orderId, secret)}`;
}

/** The order a token was signed for, or null when it is forged, altered or not a token. */
export function verifyReplyToken(token: string, secret: string): string | null {
  const m = /^c(\d{4,})-([a-z2-7]{16})$/.exec(token.toLowerCase());
  if (!m) return null;
  const orderId = `C-${m[1]}`;
  const expected = Buffer.from(mac(orderId, secret));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? orderId : null;
}

/** `desk@example.jp` + token → `desk+token@example.jp`. */
export function plusAddress(deskAddress: string, token: string): string {
  return new DeskIdentity(deskAddress).plus(token);
}

/** The token in a recipient such as `desk+token@example.jp` when its base is the desk address; else null. */
export function tokenOf(recipient: string, deskAddress: string): string | null {
  return new DeskIdentity(deskAddress).tokenOf(recipient);
}

/** The desk's own address or a desk+anything form of it: the only recipients the listener takes. */
export function isDeskRecipient(recipient: string, deskAddress: string): boolean {
  return new DeskIdentity(deskAddress).isOurs(recipient);
}
