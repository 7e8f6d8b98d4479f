import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { certdesk, certdeskAsync, tempDir } from '../helpers/cli.js';
import { ADD_ORDER } from '../helpers/cli-orders.js';
import { makeCa, requireOpensslOrSkip, startTlsServer, type TestCa, type TestCert } from '../helpers/tls.js';

const CN = 'www.example.co.jp';

describe.skipIf(!requireOpensslOrSkip())('certificates as facts, through the CLI', () => {
  let jprs: TestCa;
  let other: TestCa;
  let issued: TestCert;
  let server: Awaited<ReturnType<typeof startTlsServer>>;
  let env: Record<string, string>;
  const run = (...args: string[]) => certdeskAsync(args, env);
  const kinds = () =>
    (JSON.parse(certdesk(['outbox', 'list', '--json'], env).stdout) as { kind: string }[]).map((m) => m.kind);

  beforeAll(async () => {
    jprs = makeCa('Test JPRS');
    other = makeCa('Other CA');
    issued = jprs.issue({ names: [CN, 'example.co.jp'], days: 150 });
    server = await startTlsServer(jprs.issue({ names: [CN] })); // the old certificate, before the install
    env = {
      CERTDESK_DATA_DIR: join(tempDir(), 'data'),
      CERTDESK_TLS_CHECK: 'on',
      CERTDESK_TLS_CHECK_ADDRESS: '127.0.0.1',
      CERTDESK_TLS_CHECK_PORT: String(server.port),
      CERTDESK_TLS_CHECK_CA: jprs.certFile,
      CERTDESK_TLS_CHECK_TIMEOUT_MS: '3000',
    };
    expect(certdesk(ADD_ORDER, env).status).toBe(0);
    for (const step of ['approval-requested', 'approved'])
      expect(certdesk(['order', step, 'C-0001'], env).status).toBe(0);
  });
  afterAll(() => server.close());

  it('order issued --cert refuses, with one line and exit 2, a certificate for another name, expired, or too long', async () => {
    const refused = [
      [jprs.issue({ names: ['mail.example.co.jp'] }), /do not cover www\.example\.co\.jp/],
      [jprs.issue({ names: [CN], from: '2020-01-01T00:00:00Z', to: '2020-03-01T00:00:00Z' }), /expired on 2020-03-01/],
      [jprs.issue({ names: [CN], days: 300 }), /valid for 300 days .* at most 200 days/],
    ] as const;
    for (const [cert, why] of refused) {
      const r = await run('order', 'issued', 'C-0001', '--cert', cert.certFile);
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    }
    const notPem = await run('order', 'issued', 'C-0001', '--cert', join(jprs.dir, 'index.txt'));
    expect([notPem.status, notPem.stderr.trim()]).toEqual([
      2,
      expect.stringMatching(/^certdesk: --cert .*: no PEM certificate/),
    ]);
    expect(JSON.parse(certdesk(['order', 'show', 'C-0001', '--json'], env).stdout).status).toBe('approved');
  });

  it('fills the expiry from the file (leaf + chain); order show prints its facts', async () => {
    const r = await run('order', 'issued', 'C-0001', '--cert', issued.chainFile);
    expect(r.status, r.stderr).toBe(0);
    const view = JSON.parse(certdesk(['order', 'show', 'C-0001', '--json'], env).stdout);
    expect(view.certificate).toMatchObject({
      dnsNames: [CN, 'example.co.jp'],
      issuer: 'CN=Test JPRS Root, O=Test JPRS',
    });
    expect(view.expiresAt).toBe(view.certificate.notAfter);
    const shown = certdesk(['order', 'show', 'C-0001'], env).stdout;
    expect(shown).toContain(`serial ${view.certificate.serial}`);
    expect(shown).toContain(`SHA-256 ${view.certificate.fingerprint256}`);
  });

  it('installed while the server serves another certificate: the completion mail is held, and the digest says why', async () => {
    const r = await run('order', 'installed', 'C-0001');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/completion mail held: installed, but the server at 127\.0\.0\.1:\d+ serves serial/);
    expect(r.stdout).toContain('certdesk order verify C-0001');
    expect(kinds()).not.toContain('setup-completion');
    const digest = (await run('digest', 'send', '--print')).stdout;
    expect(digest).toMatch(/設定完了メール保留: installed, but the server at 127\.0\.0\.1:\d+ serves serial/);
    expect(digest).toContain('certdesk order verify C-0001');
  });

  it('order verify, once the server serves the issued certificate: verified, the completion mail goes', async () => {
    server.serve(issued);
    const r = await run('order', 'verify', 'C-0001');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`verified: ${CN} serves the issued certificate`);
    expect(r.stdout).toMatch(/queued setup-completion mail M-\d+/);
    expect(kinds().filter((k) => k === 'setup-completion')).toHaveLength(1);
    const again = await run('order', 'verify', 'C-0001');
    expect([again.status, again.stderr.trim()]).toEqual([
      2,
      'certdesk: order C-0001: nothing to verify: its completion mail is not held (verified)',
    ]);
  });

  it('the daily watch reports a certificate from another CA once, in one digest', async () => {
    server.serve(other.issue({ names: [CN] }));
    const first = await run('watch', 'run');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/1 servers asked, 0 did not answer, 1 new findings/);
    expect(first.stdout).toMatch(
      /C-0001 replaced: .* another certificate from another CA \(a likely cancellation or transfer\)/,
    );
    expect((await run('watch', 'run')).stdout).toMatch(/0 new findings/);
    expect((await run('digest', 'send', '--print')).stdout).toContain('from another CA');
    expect((await run('digest', 'send')).status).toBe(0);
    expect((await run('digest', 'send', '--print')).stdout).not.toContain('from another CA');
  });
});

describe.skipIf(!requireOpensslOrSkip())('sending without the check', () => {
  it('order installed --unverified needs --note, sends the completion mail and records it', async () => {
    const env = {
      CERTDESK_DATA_DIR: join(tempDir(), 'data'),
      CERTDESK_TLS_CHECK: 'on',
      CERTDESK_TLS_CHECK_ADDRESS: '127.0.0.1',
      CERTDESK_TLS_CHECK_PORT: '9', // nothing listens: the check would hold it
    };
    expect(certdesk(ADD_ORDER, env).status).toBe(0);
    for (const step of [
      ['approval-requested'],
      ['approved'],
      ['issued', '--expires', new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10)],
    ])
      expect(certdesk(['order', step[0]!, 'C-0001', ...step.slice(1)], env).status).toBe(0);
    const noNote = certdesk(['order', 'installed', 'C-0001', '--unverified'], env);
    expect([noNote.status, noNote.stderr.trim()]).toEqual([
      2,
      'certdesk: --unverified needs --note: why the completion mail goes without the check',
    ]);
    const held = certdesk(['order', 'installed', 'C-0001'], env);
    expect(held.stdout).toMatch(/completion mail held: no answer from 127\.0\.0\.1:9/);
    const sent = certdesk(
      ['order', 'installed', 'C-0001', '--unverified', '--note', 'firewall blocks us; customer confirmed'],
      env,
    );
    expect(sent.status, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/queued setup-completion mail/);
    const shown = certdesk(['order', 'show', 'C-0001'], env).stdout;
    expect(shown).toMatch(/install: +completion mail sent without the check .*firewall blocks us/);
    expect(shown).toMatch(/install_checked .*sent without verification/);
  });
});
