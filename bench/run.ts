import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../test/helpers/cli.js';
import { replyMails } from './corpus.js';
import { bigMailBurst } from './big-mail.js';
import { closeThreads, imapIntake, inbound, inspectRate, outbound, smtpIntake, type Pair } from './cases.js';
import { cliStart } from './cli-start.js';
import { postfixIntake } from './postfix-intake.js';

/**
 * `npm run bench [-- --json FILE] [-- --count N] [-- --rounds N] [-- --only cli,postfix,…]`: each case against its
 * limit (the bare library doing the same work, in this same run), one line
 * each with both rates and their ratio, then a summary. Not part of `npm test`.
 */
const args = process.argv.slice(2);
const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 2000;
// Each pair is measured this many times and the median ratio kept: on a shared machine one run can be off by a third.
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
// A subset of the parts (cases, cli, postfix, big, scale); all by default.
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1]!.split(',')) : null;
const part = (name: string) => !only || only.has(name);
/** The CLI's start against a bare `node -e 0`, measured side by side (README, Performance). */
const CLI_START_GOAL = 3;
// inspect has no goal of its own: it must stay fast, and its rate is shown beside the parser's.
const GOALS = { inbound: 0.5, smtp_intake: 0.5, imap_intake: 0.5, outbound: 0.8, inspect: null } as const;

/** The service's RSS bound under a burst of big mail (README, Performance). */
const RSS_BOUND_MB = 640;

const cases: Record<string, unknown> = {};
const rows: string[][] = [];
/**
 * The pair with the median ratio of `rounds` runs, and every run's ratio.
 * A first run is not counted: it measures the JIT warming up on both sides
 * (on this machine 30–40% slower than the runs after it), not steady work.
 */
async function median(run: () => Promise<Pair | null>): Promise<(Pair & { ratios: number[] }) | null> {
  if (!(await run())) return null;
  const pairs: Pair[] = [];
  for (let i = 0; i < rounds; i++) {
    const pair = await run();
    if (!pair) return null;
    pairs.push(pair);
  }
  pairs.sort((a, b) => a.ours / a.limit - b.ours / b.limit);
  return { ...pairs[Math.floor(pairs.length / 2)]!, ratios: pairs.map((p) => p.ours / p.limit) };
}

function report(name: keyof typeof GOALS, pair: (Pair & { ratios: number[] }) | null) {
  if (!pair) {
    process.stdout.write(`${name.padEnd(12)} skipped: Dovecot (dovecot-imapd) is not installed\n`);
    rows.push([name, '-', '-', '-', GOALS[name] === null ? '-' : `≥ ${GOALS[name]}`, 'skipped']);
    return;
  }
  const ratio = pair.ours / pair.limit;
  cases[name] = {
    ratio: +ratio.toFixed(3),
    ours_per_s: +pair.ours.toFixed(1),
    limit_per_s: +pair.limit.toFixed(1),
    goal: GOALS[name],
    rounds: pair.ratios.map((r) => +r.toFixed(3)),
  };
  process.stdout.write(
    `${name.padEnd(12)} certdesk ${pair.ours.toFixed(0).padStart(6)}/s   limit ${pair.limit.toFixed(0).padStart(6)}/s   ratio ${ratio.toFixed(2)} (median of ${pair.ratios.map((r) => r.toFixed(2)).join(', ')}; goal ${GOALS[name] === null ? 'none' : `≥ ${GOALS[name]}`})\n`,
  );
  const goal = GOALS[name];
  rows.push([
    name,
    pair.ours.toFixed(0),
    pair.limit.toFixed(0),
    ratio.toFixed(2),
    goal === null ? '-' : `≥ ${goal}`,
    goal === null ? '' : ratio >= goal ? 'met' : 'missed',
  ]);
}

process.stdout.write(
  `certdesk bench: ${count} mails per case, ${rounds} rounds each after one not counted, ${cpus().length} cores, Node ${process.version}\n`,
);
if (part('cases')) {
  const mails = replyMails(count);
  report('inbound', await median(() => inbound(mails)));
  report('smtp_intake', await median(() => smtpIntake(mails)));
  report('imap_intake', await median(() => imapIntake(mails)));
  report('outbound', await median(() => outbound(count)));
  report('inspect', await median(() => inspectRate(mails.slice(0, Math.min(count, 1000)))));
  await closeThreads();
}

if (part('cli')) {
  // Each command from start to exit, against `node -e 0` in the same run (15 each, interleaved; medians).
  const starts = await cliStart();
  cases.cli_start = starts;
  for (const s of starts) {
    process.stdout.write(
      `cli start  ${s.command.padEnd(11)} ${s.ms.toFixed(0).padStart(4)} ms   node -e 0 ${s.bareMs.toFixed(0).padStart(4)} ms   ratio ${s.ratio.toFixed(2)} (goal ≤ ${CLI_START_GOAL})\n`,
    );
    rows.push([
      `cli start: ${s.command}`,
      `${s.ms.toFixed(0)} ms`,
      `${s.bareMs.toFixed(0)} ms`,
      s.ratio.toFixed(2),
      `≤ ${CLI_START_GOAL}`,
      s.ratio <= CLI_START_GOAL ? 'met' : 'missed',
    ]);
  }
}

if (part('postfix')) {
  // SMTP intake against Postfix itself, both driven by smtp-source (median of the rounds).
  const pairs = await postfixIntake(count, rounds);
  if (!pairs) {
    process.stdout.write('postfix    skipped: Postfix (Debian postfix) is not installed, or this is not root\n');
    rows.push(['smtp intake vs Postfix', '-', '-', '-', '≥ 1', 'skipped']);
  } else {
    cases.postfix_intake = pairs;
    for (const p of pairs) {
      process.stdout.write(
        `postfix    ${p.shape.padEnd(30)} certdesk ${p.certdesk.toFixed(0).padStart(5)}/s   Postfix ${p.postfix.toFixed(0).padStart(5)}/s   ratio ${p.ratio.toFixed(2)} (goal ≥ 1)\n`,
      );
      rows.push([
        `smtp intake vs Postfix: ${p.shape}`,
        p.certdesk.toFixed(0),
        p.postfix.toFixed(0),
        p.ratio.toFixed(2),
        '≥ 1',
        p.ratio >= 1 ? 'met' : 'missed',
      ]);
    }
  }
}

// Big mail: 40 × 20 MB at once, then a small reply (the service as its own process).
const burst = part('big') ? await bigMailBurst() : null;
if (burst) {
  cases.big_mail_burst = burst;
  process.stdout.write(
    `big mail   40 × 20 MB over 8 connections taken in ${burst.bigSeconds.toFixed(1)} s; a small reply after them acted on in ${(burst.smallMs / 1000).toFixed(1)} s; service RSS peak ${burst.peakRssMb.toFixed(0)} MB\n`,
  );
}

const scale: Record<string, Record<string, number>> = {};
for (const n of part('scale') ? [1_000, 10_000, 100_000] : []) {
  // The store is built by one process and measured by another: building must not count in the RSS.
  const file = join(tempDir('certdesk-scale-'), 'store.json');
  const make = spawnSync(process.execPath, [join(import.meta.dirname, 'scale.js'), String(n), file, 'make'], {
    encoding: 'utf8',
  });
  if (make.status !== 0) throw new Error(`scale ${n}: ${make.stderr}`);
  const child = spawnSync(process.execPath, ['--expose-gc', join(import.meta.dirname, 'scale.js'), String(n), file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`scale ${n}: ${child.stderr}`);
  const r = JSON.parse(child.stdout) as Record<string, number>;
  scale[`orders_${n / 1000}k`] = r;
  process.stdout.write(
    `scale ${String(n).padStart(7)} orders: transaction p50 ${r.txn_p50_ms!.toFixed(1)} ms, p99 ${r.txn_p99_ms!.toFixed(1)} ms; reminders ${r.reminders_ms!.toFixed(0)} ms; digest ${r.digest_ms!.toFixed(0)} ms; RSS ${r.rss_mb!.toFixed(0)} MB (live heap ${r.heap_mb!.toFixed(0)} MB)\n`,
  );
}
cases.scale = scale;
/** A row of the summary for a goal with no limit to hold it against. */
const goalRow = (name: string, shown: string, goal: string, met: boolean) =>
  rows.push([name, shown, '-', '-', goal, met ? 'met' : 'missed']);
if (part('scale')) {
  const big = scale.orders_100k!;
  const ten = scale.orders_10k!;
  const scanMs = big.reminders_ms! + big.digest_ms!;
  goalRow('scale 100k: reminders + digest', `${scanMs.toFixed(0)} ms`, '< 1000 ms', scanMs < 1000);
  goalRow('scale 100k: RSS', `${big.rss_mb!.toFixed(0)} MB`, '< 400 MB', big.rss_mb! < 400);
  goalRow('scale 10k: transaction p50', `${ten.txn_p50_ms!.toFixed(1)} ms`, '< 30 ms', ten.txn_p50_ms! < 30);
}
if (burst) {
  goalRow(
    '40 × 20 MB: small reply acted on',
    `${(burst.smallMs / 1000).toFixed(1)} s`,
    '< 10 s',
    burst.smallMs < 10_000,
  );
  goalRow(
    '40 × 20 MB: service RSS peak',
    `${burst.peakRssMb.toFixed(0)} MB`,
    `< ${RSS_BOUND_MB} MB`,
    burst.peakRssMb < RSS_BOUND_MB,
  );
}

process.stdout.write('\n| case | certdesk | limit | ratio | goal | |\n| --- | --- | --- | --- | --- | --- |\n');
for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
if (jsonFile)
  writeFileSync(
    jsonFile,
    JSON.stringify({ machine: { cores: cpus().length, node: process.version }, count, rounds, cases }, null, 2) + '\n',
  );
