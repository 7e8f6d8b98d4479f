import type { Command } from 'commander';
import { formatJstTime } from '../domain/jst.js';
import { readFileSync } from 'node:fs';
import { findOrder, recordStep, undoStep } from '../act/record-step.js';
import { checkInstall } from '../act/check-install.js';
import { tlsCheckSettings } from '../certs/tls-check-settings.js';
import { factsOf, readPemChain, UnreadableCertificate } from '../certs/read-certificate.js';
import { nameCovers, type CertFacts } from '../domain/certificate.js';
import { NothingToVerify } from '../domain/errors.js';
import { viewOrder } from '../domain/order-view.js';
import { nextSteps, type OrderEvent } from '../domain/transitions.js';
import {
  APPROVAL_METHOD_ALIASES,
  APPROVAL_METHODS,
  type ApprovalMethod,
  type InstallCheck,
  type Order,
} from '../domain/order.js';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { parseInstant } from './args.js';
import type { CliContext } from './context.js';
import { printJson, printOrderLine, out } from './print.js';
import { listening } from './listening.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

interface StepFlags {
  at?: string;
  expires?: string;
  cert?: string;
  unverified?: boolean;
  host?: string;
  json?: boolean;
  note?: string;
  by?: string;
  method?: string;
  to?: string;
}

/** --method and --to, checked: one line naming the flag when wrong. */
function approvalFlags(f: StepFlags): ApprovalMethod {
  const given = f.method ?? 'email';
  const alias = APPROVAL_METHOD_ALIASES[given];
  const names = [...APPROVAL_METHODS, ...Object.keys(APPROVAL_METHOD_ALIASES)];
  if (!alias && !(APPROVAL_METHODS as readonly string[]).includes(given))
    throw new UsageError(`--method ${given}: expected one of ${names.join(', ')}`);
  const how: ApprovalMethod = alias ?? { method: given as ApprovalMethod['method'] };
  if (f.to && (how.method !== 'email' || !z.email().safeParse(f.to).success))
    throw new UsageError(`--to ${f.to}: an e-mail address, with --method email, constructed or dns-txt`);
  return { ...how, ...(f.to ? { to: f.to } : {}) };
}

/**
 * One verb per staff step. They differ only in the event they record and the
 * option they take, so they are declared as data rather than six files.
 */
const STEPS: ReadonlyArray<{
  verb: string;
  describe: string;
  options?: Array<[string, string]>;
  event: (f: StepFlags) => OrderEvent;
}> = [
  {
    verb: 'documents-requested',
    describe: 'documents proving the organization are awaited by post',
    event: () => ({ type: 'documents_requested' }),
  },
  {
    verb: 'documents-received',
    describe: "the organization's documents have arrived",
    event: () => ({ type: 'documents_received' }),
  },
  {
    verb: 'approval-requested',
    describe: 'JPRS sent the domain-approval mail (starts the 26-day window; on an installed order, a renewal)',
    options: [
      ['--at <iso>', 'when JPRS sent it (default now)'],
      ['--method <email|dns|http|whois>', 'how JPRS checks the domain (default email; whois only before 2025-07-15)'],
      ['--to <address>', 'the address JPRS mails, when the desk knows it (with --method email)'],
    ],
    event: (f) => ({
      type: 'approval_requested',
      ...(f.at ? { at: parseInstant('--at', f.at) } : {}),
      ...(f.method || f.to ? { approval: approvalFlags(f) } : {}),
    }),
  },
  { verb: 'approved', describe: 'the WHOIS contact approved the domain', event: () => ({ type: 'approved' }) },
  { verb: 'phone-checked', describe: "JPRS's phone check is done (OV)", event: () => ({ type: 'phone_checked' }) },
  {
    verb: 'issued',
    describe: 'JPRS issued the certificate',
    options: [
      ['--cert <file.pem>', 'the issued certificate (leaf, or leaf + chain): its facts and expiry are read from it'],
      ['--expires <iso>', "the certificate's not-after, when no file is at hand (sets the renewal date)"],
    ],
    event: (f) => {
      if (f.cert && f.expires) throw new UsageError('--cert and --expires: give one (the file holds the expiry)');
      if (f.cert) return { type: 'issued', certificate: readCertificateFile(f.cert) };
      return { type: 'issued', ...(f.expires ? { expiresAt: parseInstant('--expires', f.expires) } : {}) };
    },
  },
  {
    verb: 'installed',
    describe:
      "the certificate is installed on the customer's server: the completion mail goes once the server is seen serving it",
    options: [
      ['--at <iso>', 'when it was installed (default now)'],
      ['--host <name>', 'the host the check asks (a wildcard order: which name to connect to)'],
      ['--unverified', 'send the completion mail without the check (needs --note: why)'],
    ],
    event: (f) => ({ type: 'installed', ...(f.at ? { at: parseInstant('--at', f.at) } : {}) }),
  },
];

/** The certificate file of `--cert`, read: one line naming the file when it holds none. */
function readCertificateFile(file: string): CertFacts {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--cert ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  try {
    return factsOf(readPemChain(pem)[0]!);
  } catch (err) {
    if (err instanceof UnreadableCertificate) throw new UsageError(`--cert ${file}: ${err.message}`);
    throw err;
  }
}

/**
 * `order installed`: the check that the server serves what was issued,
 * made before the step is recorded (the network is never waited on inside
 * a store transaction). `--unverified` skips it, with the why.
 */
async function installedEvent(f: StepFlags, order: Order, ctx: CliContext): Promise<OrderEvent> {
  const at = f.at ? parseInstant('--at', f.at) : undefined;
  const host = hostFlag(order, f.host);
  if (f.unverified) {
    if (!f.note?.trim())
      throw new UsageError('--unverified needs --note: why the completion mail goes without the check');
    const check: InstallCheck = { state: 'unverified', at: ctx.now().toISOString(), note: f.note };
    // A completion mail already held: the same step sends it now.
    if (order.status === 'installed' && order.install?.state === 'held') return { type: 'install_checked', check };
    return { type: 'installed', ...(at ? { at } : {}), check };
  }
  const settings = ctx.settings();
  if (settings.tlsCheck === 'off')
    return { type: 'installed', ...(at ? { at } : {}), check: { state: 'off', at: ctx.now().toISOString() } };
  // A step the order cannot take is refused as it is, without asking the server first.
  if (!nextSteps(order, ctx.now()).includes('installed')) return { type: 'installed', ...(at ? { at } : {}) };
  const check = await checkInstall(order, tlsCheckSettings(settings), ctx.now, host);
  return { type: 'installed', ...(at ? { at } : {}), check };
}

export function register(order: Command, ctx: CliContext): void {
  for (const step of STEPS) {
    const cmd = order
      .command(step.verb)
      .description(step.describe)
      .argument('<id>', 'order id')
      .option('--json', 'print the order as JSON')
      .option('--note <text>', 'your words with the step, kept in its history')
      .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)');
    for (const o of step.options ?? []) cmd.option(...o);
    cmd.action(async (id: string, flags: StepFlags) => {
      let event = step.event(flags);
      const store = await ctx.openStore();
      if (event.type === 'installed') event = await installedEvent(flags, findOrder(await store.read(), id), ctx);
      const now = ctx.now();
      const { order: next, mails } = await recordStep(store, id, event, now, ctx.mail(), {
        by: ctx.staffName(flags.by),
        note: flags.note,
      });
      await printStep(next, mails, now, flags.json, ctx);
    });
  }
}

/** What a step did: the order's line, the install check, the mails it queued and when they go. */
async function printStep(next: Order, mails: OutboxEntry[], now: Date, json: boolean | undefined, ctx: CliContext) {
  if (json) return printJson(viewOrder(next, now));
  printOrderLine(viewOrder(next, now));
  printInstallCheck(next);
  for (const m of mails) out(`  queued ${m.kind} mail ${m.id} to ${m.to.join(', ')}\n`);
  if (mails.length) out(`  ${await whenItGoes(ctx)}\n`);
}

/** `--host`, lower-cased: only a name the order's common name covers (a wildcard's www.example.jp). */
function hostFlag(order: Order, host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  if (!nameCovers(order.commonName, host.toLowerCase()))
    throw new UsageError(`--host ${host}: not a name the order's common name ${order.commonName} covers`);
  return host.toLowerCase();
}

/** What the install check found, and what staff can do about a hold. */
function printInstallCheck(order: Order): void {
  const c = order.install;
  if (!c) return;
  if (c.state === 'verified')
    out(`  verified: ${c.host} serves the issued certificate${c.note ? ` (${c.note})` : ''}\n`);
  else if (c.state === 'held')
    out(
      `  completion mail held: ${c.problem}\n` +
        `  retry: certdesk order verify ${order.id}   or send anyway: certdesk order installed ${order.id} --unverified --note "…"\n`,
    );
}

/** `order verify ID`: asks the server again for an order whose completion mail is held. */
export function registerVerify(order: Command, ctx: CliContext): void {
  order
    .command('verify')
    .description(
      'check again that the server serves the issued certificate; the held completion mail goes when it does',
    )
    .argument('<id>', 'order id')
    .option('--host <name>', 'the host to ask (a wildcard order)')
    .option('--note <text>', 'your words, kept in the history')
    .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { host?: string; note?: string; by?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const before = findOrder(await store.read(), id);
      if (before.status !== 'installed' || before.install?.state !== 'held')
        throw new NothingToVerify(
          before.id,
          before.status !== 'installed'
            ? `it is ${before.status}, not installed`
            : `its completion mail is not held (${before.install?.state ?? 'installed before checks'})`,
        );
      const check = await checkInstall(before, tlsCheckSettings(ctx.settings()), ctx.now, hostFlag(before, flags.host));
      const now = ctx.now();
      const { order: next, mails } = await recordStep(store, id, { type: 'install_checked', check }, now, ctx.mail(), {
        by: ctx.staffName(flags.by),
        note: flags.note,
      });
      await printStep(next, mails, now, flags.json, ctx);
    });
}

/** `order undo ID`: the last staff step taken back, its unsent mails withdrawn. */
export function registerUndo(order: Command, ctx: CliContext): void {
  order
    .command('undo')
    .description("take back the order's last staff step (its mails not yet sent are withdrawn)")
    .argument('<id>', 'order id')
    .option('--note <text>', 'why, kept in the history')
    .option('--by <name>', 'who did it (default: CERTDESK_STAFF_NAME, else your login name)')
    .option('--json', 'print the order as JSON')
    .action(async (id: string, flags: { note?: string; by?: string; json?: boolean }) => {
      const now = ctx.now();
      const done = await undoStep(await ctx.openStore(), id, now, { by: ctx.staffName(flags.by), note: flags.note });
      if (flags.json) return printJson(viewOrder(done.order, now));
      out(
        `undid ${done.undid.event} of ${formatJstTime(done.undid.at)}: ${done.order.id} is ${done.order.status} again\n`,
      );
      for (const m of done.withdrawn) out(`  withdrew mail ${m} (not sent)\n`);
      for (const m of done.alreadySent) out(`  mail ${m} had already gone: tell the customer yourself\n`);
    });
}

/** Queued is not sent: say when it goes, by whether the service (its SMTP door) is up. */
async function whenItGoes(ctx: CliContext): Promise<string> {
  const { host, port } = ctx.settings().listen;
  return port !== 0 && (await listening(host, port))
    ? 'the running service sends it within seconds'
    : 'the service is not running: it goes out when the service runs (npm start), or now with: certdesk outbox send';
}
