import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTALLED_DATA_DIR } from '../../src/config.js';
import { certdesk, certdeskBackground, tempDir } from '../helpers/cli.js';
import { ADD_ORDER } from '../helpers/cli-orders.js';
import { freePort } from '../helpers/net.js';

describe('the data folder, and failures said in one line', () => {
  it('by default the installation’s data/, whatever the current directory', () => {
    expect(INSTALLED_DATA_DIR).toBe(join(import.meta.dirname, '..', '..', 'data'));
  });

  it('a folder without a store, one that cannot be made, a file in its place: one line naming it, exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    mkdirSync(join(dir, 'empty'));
    for (const [path, says] of [
      [join(dir, 'empty'), /data folder .*empty: holds no store yet/],
      ['/proc/nope', /data folder \/proc\/nope: (?:holds no store|cannot be created)/],
      [file, /data folder .*a-file: is a file, not a folder/],
    ] as const) {
      const r = certdesk(['order', 'list'], { CERTDESK_DATA_DIR: path });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(says);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(certdesk(ADD_ORDER, { CERTDESK_DATA_DIR: '/proc/nope' }).stderr).toMatch(/cannot be created/);
  });

  it('serve on a port that is taken: exit non-zero with one line, nothing left running', async () => {
    const port = await freePort();
    const env = (d: string) => ({ CERTDESK_DATA_DIR: join(tempDir(), d), CERTDESK_LISTEN: `127.0.0.1:${port}` });
    const first = certdeskBackground(['serve'], env('one'), /Ctrl-C stops/);
    await first.started;
    const second = certdeskBackground(['serve'], env('two'), /never/);
    second.started.catch(() => undefined);
    const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    expect(code).toBe(2);
    expect(second.output().stderr.trim().split('\n')).toEqual([
      `certdesk: cannot listen on 127.0.0.1:${port}: the port is in use (is certdesk already running?) (CERTDESK_LISTEN)`,
    ]);
    first.child.kill('SIGTERM');
    await first.exited;
  });
});
