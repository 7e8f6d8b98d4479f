import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdesk, tempDir } from '../helpers/cli.js';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const CASE = join(CORPUS, 'ja-gmail-labeled-cancel.eml');

describe('certdesk inspect', () => {
  it('prints the contract JSON with why, touching no store', () => {
    expect(existsSync(CASE), `the shared reply corpus is expected at ${CORPUS}`).toBe(true);
    const dir = tempDir();
    const r = certdesk(['inspect', join(CORPUS, 'ja-gmail-labeled-cancel.eml'), '--json'], {
      CERTDESK_DATA_DIR: join(dir, 'never'),
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ intent: 'cancellation', commonName: 'www.sample.co.jp', contactChange: null });
    expect(out.reason).toContain('新サイトへの移行が延期になったため');
    expect(out.why.length).toBeGreaterThan(2);
    expect(certdesk(['inspect', join(CORPUS, 'ja-gmail-labeled-cancel.eml')], {}).stdout).toMatch(
      /intent:\s+cancellation/,
    );
  });

  it('a file that is not a readable message: one line, exit 2', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.eml');
    const garbage = join(dir, 'garbage.eml');
    writeFileSync(empty, '');
    writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 255, 254, 10, 10, 0]));
    for (const file of [empty, garbage, join(dir, 'missing.eml')]) {
      const r = certdesk(['inspect', file, '--json'], {});
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
