import { closeSync, openSync, writeSync } from 'node:fs';
import { destination as pinoDestination, pino, type DestinationStream, type Logger } from 'pino';

/**
 * certdesk's log: one JSON line per event, with a level and the ids staff
 * look things up by (`inbound`, `order`, `mail`). Every line has an `event`:
 *
 *   intake   a mail stored (door, size, duplicate or not)
 *   outcome  what a stored mail came to (outcome, order)
 *   sent     a mail the SMTP server (or the .eml folder) accepted
 *   staff    a CLI command that changed the store
 *   failure  something that did not work and will be tried again, or needs staff
 *   job      a scheduled run (reminders, digest)
 *
 * The libraries' own loggers (smtp-server, imapflow) are children of it,
 * at `warn`: their per-command chatter is not the desk's business.
 */
export type Log = Logger;

/**
 * Keys whose values are never written: credentials of the configured
 * servers, the signing secret, and the tokens of signed reply addresses.
 * The libraries log option objects in places (imapflow's `auth`).
 */
const SECRET_KEYS = ['pass', 'password', 'secret', 'token', 'accessToken', 'auth', 'credentials'];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`]);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The signature of a reply token (`desk+c0042-<mac>@…`) proves a sender
 * holds an order's thread: it is cut from every line, wherever it appears
 * (a library at debug logs each RCPT TO).
 */
const REPLY_TOKEN_MAC = /(\+c\d{4,}-)[a-z2-7]{16}/gi;

function scrubbed(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(line.replace(REPLY_TOKEN_MAC, '$1[redacted]')) };
}

export function createLog(destination: DestinationStream, level: LogLevel = 'info'): Log {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    scrubbed(destination),
  );
}

/** The service's log: standard error, written as each line comes (a crash loses none). */
export function stderrLog(level: LogLevel = 'info'): Log {
  return createLog(pinoDestination({ fd: 2, sync: true }), level);
}

/**
 * The CLI's log: appended to a file in the data folder, each line written
 * at once (CLI processes are short and may be killed). The file is opened
 * on the first line, so a command that logs nothing creates nothing.
 */
export function fileLog(path: string, level: LogLevel = 'info'): Log & { close(): void } {
  let fd: number | null = null;
  const log = createLog(
    {
      write(line: string) {
        try {
          fd ??= openSync(path, 'a', 0o600);
          writeSync(fd, line);
        } catch {
          // A log that cannot be written never stops the command it describes.
        }
      },
    },
    level,
  );
  return Object.assign(log, {
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  });
}

/** A log that writes nothing (tools and tests that do not look at it). */
export const SILENT: Log = createLog({ write: () => undefined }, 'silent');

/** What the libraries get: a child named after them, at warn (their chatter too when the log is at debug). */
export function libraryLog(log: Log, name: string): Log {
  return log.child(
    { lib: name },
    { level: log.isLevelEnabled('debug') || !log.isLevelEnabled('warn') ? log.level : 'warn' },
  );
}

/** An error as one log field: its message and name, never a stack of raw mail. */
export function errorField(err: unknown): { error: string } {
  return { error: err instanceof Error ? err.message : String(err) };
}
