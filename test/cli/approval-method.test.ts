import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdesk, tempDir } from '../helpers/cli.js';
import { ADD_ORDER } from '../helpers/cli-orders.js';

/** The approval notice an order gets when staff record the request with these flags. */
function approvalNotice(...flags: string[]): { status: number | null; stderr: string; text: string } {
  const env = { CERTDESK_DATA_DIR: join(tempDir(), 'data') };
  expect(certdesk(ADD_ORDER, env).status).toBe(0);
  const r = certdesk(['order', 'approval-requested', 'C-0001', ...flags], env);
  if (r.status !== 0) return { status: r.status, stderr: r.stderr, text: '' };
  // The outbox's copy is the mail as sent: decoded from the .eml the embedded default writes.
  const eml = certdesk(['outbox', 'send'], env);
  expect(eml.status, eml.stderr).toBe(0);
  const outbox = join(env.CERTDESK_DATA_DIR, 'outbox');
  const file = readdirSync(outbox).find((f) => f.endsWith('.eml'))!;
  return { status: 0, stderr: '', text: decodeBody(readFileSync(join(outbox, file), 'utf8')) };
}

/** The text part of a composed mail, whatever its transfer encoding. */
function decodeBody(eml: string): string {
  const parts = eml.split(/\r?\n\r?\n/);
  return parts
    .map((p) => (/^[A-Za-z0-9+/=\r\n]+$/.test(p.trim()) ? Buffer.from(p, 'base64').toString('utf8') : p))
    .join('\n')
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
}

describe('the approval method, by the names of the CA/B Forum too', () => {
  it('constructed: the notice names the admin@-style addresses and nothing of WHOIS or DNS', () => {
    const n = approvalNotice('--method', 'constructed');
    expect(n.status, n.stderr).toBe(0);
    expect(n.text).toContain('admin@、administrator@、hostmaster@、postmaster@、webmaster@');
    expect(n.text).not.toMatch(/WHOIS|DNS に登録/);
  });

  it('dns-txt: the contact published in DNS; file: the web server, no mail', () => {
    expect(approvalNotice('--method', 'dns-txt').text).toContain('TXT レコードに登録の連絡先');
    expect(approvalNotice('--method', 'file').text).toContain('Web サーバー上の確認用ファイル');
  });

  it('an unknown method: one line listing them all, exit 2', () => {
    const n = approvalNotice('--method', 'fax');
    expect([n.status, n.stderr.trim()]).toEqual([
      2,
      'certdesk: --method fax: expected one of email, dns, http, whois, constructed, dns-txt, file',
    ]);
  });
});
