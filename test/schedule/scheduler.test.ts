import { describe, expect, it } from 'vitest';
import { startSchedule } from '../../src/schedule/scheduler.js';
import { memoryLog, type LogLine } from '../helpers/log.js';

/** Each job line as `job: what it said`, a failure as `job failed: why`. */
const said = (lines: LogLine[]) =>
  lines.map((l) =>
    l.event === 'failure' ? `${String(l.job)} failed: ${String(l.error)}` : `${String(l.job)}: ${l.msg}`,
  );

const NEVER = '0 0 1 1 *';

function schedule(at: Date, crons: { remindersCron?: string; digestCron?: string } = {}) {
  const calls: string[] = [];
  const { log, lines } = memoryLog();
  const s = startSchedule(
    {
      remindersCron: crons.remindersCron ?? NEVER,
      digestCron: crons.digestCron ?? NEVER,
      runReminders: async (now) => (calls.push(`reminders ${now.toISOString()}`), 'ok'),
      sendDigest: async (now) => (calls.push(`digest ${now.toISOString()}`), 'ok'),
    },
    log,
    () => at,
  );
  return { s, calls, log: lines };
}

describe('the schedule', () => {
  it('runs the reminders once at start (node-cron never catches up), with the clock it is given', async () => {
    const { s, calls } = schedule(new Date('2026-12-02T00:00:00Z'));
    await s.run('digest'); // (lets the start's catch-up finish first: both are queued on the same loop)
    s.stop();
    expect(calls[0]).toBe('reminders 2026-12-02T00:00:00.000Z');
  });

  it('the digest goes out on a Japanese business day', async () => {
    const { s, calls } = schedule(new Date('2026-12-02T00:30:00Z')); // Wednesday 09:30 in Tokyo
    await s.run('digest');
    s.stop();
    expect(calls).toContain('digest 2026-12-02T00:30:00.000Z');
  });

  it('and not on a Japanese holiday, saying so', async () => {
    const { s, calls, log } = schedule(new Date('2026-11-23T00:30:00Z')); // 勤労感謝の日
    await s.run('digest');
    s.stop();
    expect(calls.filter((c) => c.startsWith('digest'))).toEqual([]);
    expect(said(log)).toContain('digest: not a business day in Japan: none');
  });

  it('each job is wired to its cron', async () => {
    const { s, log } = schedule(new Date('2026-11-23T00:30:00Z'), { digestCron: '* * * * * *' });
    const end = Date.now() + 5_000;
    while (!log.some((l) => l.job === 'digest') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    s.stop();
    expect(said(log)).toContain('digest: not a business day in Japan: none');
  });

  it('a failing job is logged and the schedule goes on', async () => {
    const { log, lines } = memoryLog();
    const s = startSchedule(
      {
        remindersCron: NEVER,
        digestCron: NEVER,
        runReminders: () => Promise.reject(new Error('store unavailable')),
        sendDigest: async () => 'ok',
      },
      log,
      () => new Date('2026-12-02T00:30:00Z'),
    );
    await s.run('digest');
    s.stop();
    expect(said(lines)).toEqual(['reminders (catch-up at start) failed: store unavailable', 'digest: ok']);
    expect(lines.map((l) => l.level)).toEqual(['error', 'info']);
  });
});
