import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../../src/domain/business-days.js';
import { jstDate } from '../../src/domain/jst.js';
import { startSchedule } from '../../src/schedule/scheduler.js';

describe('the schedule', () => {
  it('runs the reminders once at start (node-cron never catches up), then each job on its cron in Tokyo time', async () => {
    const calls: string[] = [];
    const log: string[] = [];
    const schedule = startSchedule(
      {
        remindersCron: '0 0 1 1 *',
        digestCron: '* * * * * *', // every second, for the test
        runReminders: async () => (calls.push('reminders'), 'ok'),
        sendDigest: async () => (calls.push('digest'), 'ok'),
      },
      (line) => log.push(line),
    );
    await new Promise((r) => setTimeout(r, 1_300));
    schedule.stop();
    expect(calls[0]).toBe('reminders');
    if (isBusinessDay(jstDate(new Date()))) expect(calls).toContain('digest');
    else expect(log.join('\n')).toMatch(/not a business day in Japan/);
  });

  it('a failing job is logged and the schedule goes on', async () => {
    const log: string[] = [];
    const schedule = startSchedule(
      {
        remindersCron: '0 0 1 1 *',
        digestCron: '0 0 1 1 *',
        runReminders: () => Promise.reject(new Error('store unavailable')),
        sendDigest: async () => 'ok',
      },
      (line) => log.push(line),
    );
    await new Promise((r) => setTimeout(r, 50));
    schedule.stop();
    expect(log).toEqual(['reminders (catch-up at start) failed: store unavailable']);
  });
});
