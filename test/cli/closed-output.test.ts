import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ADD_ORDER } from '../helpers/cli-orders.js';
import { BIN, certdeskIn, tempDir } from '../helpers/cli.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = join(tempDir(), 'data');
  expect((await certdeskIn(ADD_ORDER, { CERTDESK_DATA_DIR: dataDir })).status).toBe(0);
});

/** The command with its output's reader gone before it writes (`certdesk order list | head -0`). */
function withReaderGone(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', CERTDESK_TLS_CHECK: 'off', CERTDESK_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done) => child.once('close', (status) => done({ status, stderr })));
}

it('a reader that goes away (`| head`) ends the output, not the command: no stack trace, its own exit status', async () => {
  expect(await withReaderGone(['order', 'list'])).toEqual({ status: 0, stderr: '' });
  expect(await withReaderGone(['order', 'show', 'C-0001', '--json'])).toEqual({ status: 0, stderr: '' });
});
