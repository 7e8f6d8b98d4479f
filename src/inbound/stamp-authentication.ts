import { Resolver } from 'node:dns/promises';
import { authenticate } from 'mailauth';
import { parseAuthResults } from '../trust/auth-results.js';

/** A DNS lookup as mailauth asks for it: TXT answers as string[][]; a name that is not there throws ENOTFOUND. */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

export interface SmtpSession {
  remoteAddress: string;
  helo: string | null;
  mailFrom: string | null;
}

// A lookup that hangs must not hold the mail: DNS gets this long, then SPF/DKIM/DMARC say temperror.
const DNS_TIMEOUT_MS = 2_000;
const VERIFY_TIMEOUT_MS = 8_000;

function systemResolver(): DnsResolver {
  const dns = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
  return (name, rrtype) => dns.resolve(name, rrtype as 'TXT');
}

/** RFC 8601 §5: a header that claims our own authserv-id came with the message; it is renamed, never believed. */
function renameForged(raw: Buffer, authservId: string): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const renamed = head.replace(
    /^Authentication-Results:((?:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*))/gim,
    (line, value: string) =>
      parseAuthResults(value.replace(/\r?\n[ \t]/g, ' '))?.authservId === authservId.toLowerCase()
        ? `X-Original-Authentication-Results:${value}`
        : line,
  );
  return renamed === head ? raw : Buffer.from(renamed + (end < 0 ? '' : text.slice(end)), 'latin1');
}

/**
 * At the SMTP door certdesk is the receiving MTA: it verifies SPF (the
 * client's address, HELO and MAIL FROM), DKIM and DMARC itself with
 * mailauth, and prepends its own Authentication-Results to the copy it
 * stores, as any MTA does. The trust stage then reads that stamp as it reads
 * a trusted server's. Verification that fails or takes too long stamps
 * `none`: the mail is still taken, it only proves nothing.
 */
export function authenticationStamper(authservId: string, resolver: DnsResolver = systemResolver()) {
  return async (raw: Buffer, session: SmtpSession): Promise<Buffer> => {
    const message = renameForged(raw, authservId);
    let headers: string;
    try {
      const result = await Promise.race([
        authenticate(message, {
          ip: session.remoteAddress,
          helo: session.helo ?? undefined,
          sender: session.mailFrom ?? undefined,
          mta: authservId,
          resolver: resolver as never,
          disableArc: true,
          disableBimi: true,
        }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('verification timed out')), VERIFY_TIMEOUT_MS).unref(),
        ),
      ]);
      headers = result.headers;
    } catch (err) {
      headers = `Authentication-Results: ${authservId}; none (${(err as Error).message.replace(/[()\r\n]/g, ' ').slice(0, 80)})\r\n`;
    }
    return Buffer.concat([Buffer.from(headers.replace(/\r?\n/g, '\r\n'), 'latin1'), message]);
  };
}
