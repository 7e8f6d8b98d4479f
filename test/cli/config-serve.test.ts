import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdesk, certdeskBackground, tempDir } from '../helpers/cli.js';

describe('configuration', () => {
  it('reports every invalid key at once, in one line, exit 2', () => {
    const r = certdesk(['order', 'list'], {
      CERTDESK_DATA_DIR: tempDir(),
      CERTDESK_LISTEN: 'nowhere',
      CERTDESK_SMTP_URL: 'http://mail.example.com',
      CERTDESK_STAFF: 'a@example.com, not-an-address',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    for (const key of ['CERTDESK_LISTEN', 'CERTDESK_SMTP_URL', 'CERTDESK_STAFF']) expect(r.stderr).toContain(key);
  });

  it('reads an optional JSON config file; the environment wins', () => {
    const dir = tempDir();
    const file = join(dir, 'certdesk.json');
    writeFileSync(file, JSON.stringify({ dataDir: join(dir, 'from-file'), deskAddress: 'desk@example.jp' }));
    const r = certdesk(
      [
        'order',
        'add',
        '--cn',
        'www.example.jp',
        '--contract',
        'K-1',
        '--validation',
        'DV',
        '--o',
        'O',
        '--l',
        'L',
        '--st',
        'S',
        '--contact-name',
        'N',
        '--contact-email',
        'n@example.jp',
        '--contact-phone',
        '03-1234-5678',
      ],
      { CERTDESK_CONFIG: file },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(dir, 'from-file', 'store.json')).isFile()).toBe(true);
    const bad = certdesk(['order', 'list'], { CERTDESK_CONFIG: file, CERTDESK_DESK_ADDRESS: 'nope' });
    expect(bad).toMatchObject({ status: 2, stderr: expect.stringMatching(/CERTDESK_DESK_ADDRESS/) });
  });
});

/** `certdesk serve` on the embedded default in a folder of its own, once it says it runs. */
async function serveOnDefault() {
  const dir = tempDir();
  const svc = certdeskBackground(
    ['serve'],
    { CERTDESK_DATA_DIR: join(dir, 'data'), CERTDESK_LISTEN: '127.0.0.1:0' },
    /Ctrl-C stops/,
  );
  await svc.started;
  return { dir, svc };
}

describe('certdesk serve', () => {
  it('starts on the embedded default, prints where things are, stops on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const { dir, svc } = await serveOnDefault();
      const { stdout } = svc.output();
      expect(stdout).toContain(join(dir, 'data', 'store.json'));
      expect(statSync(join(dir, 'data', 'store.json')).isFile()).toBe(true);
      // The generated secret is kept, never printed.
      const secret = readFileSync(join(dir, 'data', 'secret'), 'utf8').trim();
      expect(secret.length).toBeGreaterThan(20);
      expect(stdout).not.toContain(secret);
      expect((statSync(join(dir, 'data', 'secret')).mode & 0o777).toString(8)).toBe('600');
      svc.child.kill(signal);
      expect(await svc.exited).toBe(0);
      expect(svc.output().stdout).toMatch(/stopped/);
    }
  });

  it('a signal delivered twice (npm start passes on the Ctrl-C its group also got) still stops cleanly', async () => {
    const { svc } = await serveOnDefault();
    svc.child.kill('SIGINT');
    svc.child.kill('SIGINT');
    expect(await svc.exited).toBe(0);
    expect(svc.output().stdout).toMatch(/SIGINT: stopping\nstopped/);
  });

  it('refuses to start on a corrupt store and leaves it untouched', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const store = join(dir, 'data', 'store.json');
    writeFileSync(store, '{"version": 1, "orders": "oops"');
    const r = certdesk(['serve'], { CERTDESK_DATA_DIR: join(dir, 'data') });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(store);
    expect(readFileSync(store, 'utf8')).toBe('{"version": 1, "orders": "oops"');
  });
});
