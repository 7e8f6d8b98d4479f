import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certdesk, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';

function env() {
  const dir = tempDir();
  return { dir, env: { CERTDESK_DATA_DIR: join(dir, 'data'), CERTDESK_MAX_MESSAGE_BYTES: '4096' } };
}

describe('certdesk deliver (the pipe door)', () => {
  it('takes a message from standard input or a file, stores it raw and prints its outcome (exit 0)', () => {
    const { dir, env: e } = env();
    const raw = buildMail({ body: 'お問い合わせです。' });
    const r = certdesk(['deliver'], e, raw);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^I-000001 stored: other-for-staff/);
    const file = join(dir, 'mail.eml');
    writeFileSync(file, raw);
    const again = certdesk(['deliver', file, '--json'], e);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: 'I-000001', duplicate: true, via: 'pipe' });
  });

  it('binary garbage is stored and set aside with a clear outcome (exit 0: the MTA must not retry it)', () => {
    const { env: e } = env();
    const r = certdesk(['deliver', '--json'], e, Buffer.from([0, 1, 2, 255, 254, 10, 0, 0, 7]));
    expect(r.status, r.stderr).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.status).not.toBe('received');
    expect(record.note).toBeTruthy();
  });

  it('refuses for good with exit 2 and one line: empty, too large, no such file', () => {
    const { env: e } = env();
    for (const [args, input, words] of [
      [['deliver'], '', /empty/],
      [['deliver'], buildMail({ body: 'x'.repeat(5000) }), /at most 4096/],
      [['deliver', '/no/such/file.eml'], undefined, /no such file/],
    ] as const) {
      const r = certdesk([...args], e, input);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(words);
    }
    expect(certdesk(['deliver'], e, buildMail({ body: 'ok' })).stdout).toMatch(/^I-000001/);
  });

  it('exit 75 (try again later) when the message cannot be stored', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const r = certdesk(['deliver'], { CERTDESK_DATA_DIR: join(dir, 'not-a-folder', 'data') }, buildMail({ body: 'x' }));
    expect(r.status).toBe(75);
    expect(r.stderr).toMatch(/try again later/);
  });
});
