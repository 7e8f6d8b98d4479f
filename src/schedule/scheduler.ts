import cron, { type ScheduledTask } from 'node-cron';
import { isBusinessDay } from '../domain/business-days.js';
import { jstDate } from '../domain/jst.js';
import { errorField, libraryLog, SILENT, type Log } from '../log.js';

export interface ScheduleJobs {
  remindersCron: string;
  digestCron: string;
  runReminders(now: Date): Promise<string>;
  sendDigest(now: Date): Promise<string>;
  /** The daily watch of served certificates; absent when CERTDESK_TLS_CHECK is off. */
  watch?: { cron: string; run(now: Date): Promise<string> };
}

/**
 * The daily jobs (reminders, digest, the served-certificate watch), in Tokyo time, never overlapping themselves. Each only
 * calls functions that take `now` and decide from the store what is due, so
 * a missed run (node-cron never catches up) costs nothing: the reminders run
 * once at start, and the next run finds what is still due.
 */
export function startSchedule(
  jobs: ScheduleJobs,
  log: Log = SILENT,
  clock: () => Date = () => new Date(),
): { stop(): void; run(job: 'reminders' | 'digest' | 'watch'): Promise<void> } {
  const guard = (name: string, job: (now: Date) => Promise<string>) => async () => {
    try {
      log.info({ event: 'job', job: name }, await job(clock()));
    } catch (err) {
      log.error({ event: 'failure', job: name, ...errorField(err) }, `${name} failed`);
    }
  };
  const options = { timezone: 'Asia/Tokyo', noOverlap: true, logger: cronLogger(libraryLog(log, 'node-cron')) };
  const reminders = guard('reminders', jobs.runReminders);
  const digest = guard('digest', (now) =>
    isBusinessDay(jstDate(now)) ? jobs.sendDigest(now) : Promise.resolve('not a business day in Japan: none'),
  );
  const onBusinessDays = (job: (now: Date) => Promise<string>) => (now: Date) =>
    isBusinessDay(jstDate(now)) ? job(now) : Promise.resolve('not a business day in Japan: none');
  const watch = jobs.watch ? guard('served-certificate watch', onBusinessDays(jobs.watch.run)) : null;
  const tasks: ScheduledTask[] = [
    cron.schedule(jobs.remindersCron, reminders, { ...options, name: 'reminders' }),
    cron.schedule(jobs.digestCron, digest, { ...options, name: 'digest' }),
    ...(jobs.watch && watch ? [cron.schedule(jobs.watch.cron, watch, { ...options, name: 'watch' })] : []),
  ];
  void guard('reminders (catch-up at start)', jobs.runReminders)();
  return {
    stop() {
      for (const t of tasks) void t.stop();
    },
    /** What a cron tick runs, run now (tests, with their own clock). */
    run: (job) => (job === 'reminders' ? reminders() : job === 'digest' ? digest() : (watch?.() ?? Promise.resolve())),
  };
}

/** node-cron's logger takes (message, error?): the error becomes a field. */
function cronLogger(log: Log) {
  const at =
    (level: 'info' | 'warn' | 'error' | 'debug') =>
    (message: string | Error, err?: unknown): void =>
      log[level](err || message instanceof Error ? errorField(err ?? message) : {}, String(message));
  return { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
