import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { holds } from '../../src/cli/held-commands.js';
import { ADD_ORDER, TO_INSTALLED } from '../helpers/cli-orders.js';
import { certdesk, certdeskIn, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';

/** The command as npm links it: starts Node from the build's startup snapshot when it can. */
const COMMAND = resolve(import.meta.dirname, '../../bin/certdesk');

/**
 * A `node` first on PATH that writes down how it was started, then is the
 * real one. Given the real one's file time, bin/certdesk takes it for the
 * Node that built the snapshot; given another, for a different Node.
 */
function loggingNode(sameTimeAsReal: boolean): { dir: string; starts: () => string[] } {
  const dir = tempDir('certdesk-node-');
  const log = join(dir, 'starts.log');
  const node = join(dir, 'node');
  writeFileSync(node, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(node, 0o755);
  if (sameTimeAsReal) spawnSync('touch', ['-r', process.execPath, node]);
  return { dir, starts: () => readFileSync(log, 'utf8').trim().split('\n') };
}

function viaCommand(args: string[], env: Record<string, string>, input?: Buffer | string) {
  const r = spawnSync(COMMAND, args, {
    env: { CERTDESK_TLS_CHECK: 'off', ...env },
    encoding: 'utf8',
    input,
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

let dataDir: string;
beforeAll(async () => {
  dataDir = join(tempDir(), 'data');
  const env = { CERTDESK_DATA_DIR: dataDir };
  expect((await certdeskIn(ADD_ORDER, env)).status).toBe(0);
  for (const step of TO_INSTALLED) expect((await certdeskIn(['order', ...step, 'C-0001'], env)).status).toBe(0);
  const second = ADD_ORDER.map((a) =>
    a === 'www.example.co.jp' ? 'shop.example.co.jp' : a === 'K-1' ? 'K-2' : a === '山田 太郎' ? '佐藤 花子' : a,
  );
  const added = await certdeskIn(second, env);
  expect(added.status, added.stderr).toBe(0);
});

describe('bin/certdesk, started from the startup snapshot', () => {
  const asked: string[][] = [
    ['status'],
    ['status', '--json'],
    ['order', 'list'],
    ['order', 'list', '--json'],
    ['order', 'list', '--status', 'bogus'],
    ['order', 'show', 'C-0001'],
    ['order', 'show', 'c-2', '--json'],
    ['order', 'show', 'C-9999'],
    ['order', 'find', '花子'],
    ['order', 'list', '--help'],
  ];

  it.each(asked.map((args) => [args.join(' '), args] as const))(
    'answers `%s` as the modules do (same output, same exit status)',
    (_line, args) => {
      const node = loggingNode(true);
      const env = { PATH: `${node.dir}:${process.env.PATH}`, CERTDESK_DATA_DIR: dataDir };
      const fromSnapshot = viaCommand(args, env);
      const fromModules = certdesk(args, { CERTDESK_DATA_DIR: dataDir });
      expect(node.starts()).toEqual([
        expect.stringMatching(/^(?:--\S+ )*--snapshot-blob \S+\/dist\/certdesk-cli\.blob -- /),
      ]);
      expect(node.starts()[0]!.endsWith(` -- ${args.join(' ')}`)).toBe(true);
      expect({ ...fromSnapshot, pid: 0 }).toEqual({ ...fromModules, pid: 0 });
    },
  );

  it('reads its environment when it runs, not when it was built: each data folder its own orders', () => {
    const other = join(tempDir(), 'data');
    expect(viaCommand(['order', 'list'], { PATH: process.env.PATH!, CERTDESK_DATA_DIR: other })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining(`data folder ${other}: holds no store yet`),
    });
    expect(viaCommand(['order', 'list'], { PATH: process.env.PATH!, CERTDESK_DATA_DIR: dataDir }).stdout).toMatch(
      /^C-0001 .*\nC-0002 /,
    );
  });

  it('deliver without a service stores the mail itself, the store lock naming this process, not the build', () => {
    const folder = join(tempDir(), 'data');
    const r = viaCommand(
      ['deliver'],
      { PATH: process.env.PATH!, CERTDESK_DATA_DIR: folder },
      buildMail({ body: 'お問い合わせです。' }),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^I-000001 stored/);
    // bin/certdesk execs Node: the pid spawned is the one that took the lock.
    expect(readFileSync(join(folder, 'store.json.lock-owner'), 'utf8')).toMatch(new RegExp(`^${hostname()}:${r.pid}:`));
  });

  it('deliver without a service, from the snapshot (which holds no service) and from the modules: the same answers', () => {
    const mail = buildMail({ body: 'お問い合わせです。' });
    const file = join(tempDir(), 'mail.eml');
    writeFileSync(file, mail);
    for (const [args, input] of [
      [['deliver'], mail],
      [['deliver', '--json'], mail],
      [['deliver', file], undefined],
      [['deliver'], ''],
      [['deliver', join(tempDir(), 'none.eml')], undefined],
    ] as const) {
      const [a, b] = [join(tempDir(), 'data'), join(tempDir(), 'data')];
      const fromSnapshot = viaCommand([...args], { PATH: process.env.PATH!, CERTDESK_DATA_DIR: a }, input);
      const fromModules = certdesk([...args], { CERTDESK_DATA_DIR: b }, input);
      const same = (r: { status: number | null; stdout: string; stderr: string }, dir: string) => ({
        status: r.status,
        stdout: r.stdout.replace(/"\w+At": "[^"]+"/g, '"…At"').replaceAll(dir, 'DATA'), // the times differ
        stderr: r.stderr.replaceAll(dir, 'DATA'),
      });
      expect(same(fromSnapshot, a), args.join(' ')).toEqual(same(fromModules, b));
    }
  });

  it('hands a command it does not hold to the modules: the same answers', () => {
    for (const args of [['inbound', 'list'], ['--help'], ['ordr', 'list'], ['order', 'add', '--cn']]) {
      const fromSnapshot = viaCommand(args, { PATH: process.env.PATH!, CERTDESK_DATA_DIR: dataDir });
      const fromModules = certdesk(args, { CERTDESK_DATA_DIR: dataDir });
      expect({ ...fromSnapshot, pid: 0 }, args.join(' ')).toEqual({ ...fromModules, pid: 0 });
    }
  });
});

describe('bin/certdesk in a folder copied elsewhere with its build (cp -a: the stamp keeps its time)', () => {
  it('finds its default data folder and its modules where it now is, not where it was built', () => {
    const root = join(tempDir('certdesk-moved-'), 'certdesk');
    const here = resolve(import.meta.dirname, '../..');
    mkdirSync(root);
    for (const part of ['bin', 'dist', 'package.json'])
      cpSync(join(here, part), join(root, part), { recursive: true, preserveTimestamps: true });
    for (const part of ['node_modules', 'templates']) symlinkSync(join(here, part), join(root, part));
    const moved = (args: string[]) =>
      spawnSync(join(root, 'bin/certdesk'), args, {
        env: { PATH: process.env.PATH!, CERTDESK_TLS_CHECK: 'off' },
        encoding: 'utf8',
      });
    // Held and handed-over commands alike: the data folder is the copy's own (it has no store yet).
    for (const args of [['order', 'list'], ['status'], ['inbound', 'list']])
      expect(moved(args), args.join(' ')).toMatchObject({
        status: 2,
        stderr: expect.stringContaining(`data folder ${join(root, 'data')}: holds no store yet`),
      });
  });
});

describe('bin/certdesk without the snapshot: the modules, never a failed start', () => {
  // A snapshot loads only into the Node and V8 flags that built it; else Node stops before the command
  // runs (exit 14), and an MTA piping a mail to `certdesk deliver` would bounce it.
  it.each([
    ['another Node on PATH (its file has another time)', false, {}],
    ['NODE_OPTIONS set (V8 flags would not match the snapshot)', true, { NODE_OPTIONS: '--max-old-space-size=300' }],
    ['CERTDESK_NO_SNAPSHOT=1', true, { CERTDESK_NO_SNAPSHOT: '1' }],
  ])('%s', (_why, sameTime, extra: Record<string, string>) => {
    const node = loggingNode(sameTime);
    const r = viaCommand(['order', 'list'], {
      PATH: `${node.dir}:${process.env.PATH}`,
      CERTDESK_DATA_DIR: dataDir,
      ...extra,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^C-0001 /);
    expect(node.starts()).toEqual([expect.stringMatching(/^\S+\/bin\/certdesk\.js order list$/)]);
  });
});

describe('which commands the snapshot holds', () => {
  it.each([
    [['status'], true],
    [['status', '--json'], true],
    [['deliver', 'mail.eml'], true],
    [['order', 'list', '--status', 'issued'], true],
    [['order', 'show', 'C-0001'], true],
    [['order', 'find', 'x'], true],
    [['order'], false],
    [['order', 'add'], false],
    [['order', 'approved', 'C-0001'], false],
    [['serve'], false],
    [['--help'], false],
    [[], false],
  ])('%j: %s', (argv, held) => expect(holds(argv)).toBe(held));
});
