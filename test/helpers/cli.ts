import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/certdesk.js');

export function tempDir(prefix = 'certdesk-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * What every test's CLI runs with: no TLS check of customers' servers
 * (tests have no network; the install-check tests point it at their own
 * loopback server and say CERTDESK_TLS_CHECK=on).
 */
const BASE_ENV = () => ({ PATH: process.env.PATH ?? '', CERTDESK_TLS_CHECK: 'off' });

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command run in this process (src/cli/run.ts), with the same base
 * environment as a spawned one: what most CLI tests need, without starting
 * Node for each command. The real entry point keeps spawned tests of its own.
 */
export async function certdeskIn(
  args: string[],
  env: Record<string, string> = {},
  input?: string | Buffer,
): Promise<CliResult> {
  const { runCollected } = await import('../../src/cli/commands.js');
  return runCollected(args, { ...BASE_ENV(), ...env }, input === undefined ? undefined : Buffer.from(input));
}

/** Run the built CLI (npm test builds first) with its own environment. */
export function certdesk(args: string[], env: Record<string, string> = {}, input?: string | Buffer): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...BASE_ENV(), ...env },
    encoding: 'utf8',
    input,
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start the CLI in the background; resolves with the process once `ready` appears on stdout. */
export function certdeskBackground(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...BASE_ENV(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const started = new Promise<void>((resolveReady, reject) => {
    const check = () => {
      if (ready.test(stdout)) resolveReady();
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${stderr || stdout}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, started, exited, output: () => ({ stdout, stderr }) };
}

/** Like certdesk(), without blocking this process: for tests whose servers run in this process. */
export function certdeskAsync(
  args: string[],
  env: Record<string, string> = {},
  options: { input?: Buffer; nodeArgs?: string[] } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    env: { ...BASE_ENV(), ...env },
    stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (options.input) child.stdin!.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}
