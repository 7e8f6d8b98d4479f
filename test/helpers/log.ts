import { createLog, type Log } from '../../src/log.js';

export type LogLine = Record<string, unknown> & { level: string; msg: string; event?: string };

/** A service log kept in memory as parsed JSON lines (what the service writes, line by line). */
export function memoryLog(level: 'info' | 'debug' | 'warn' = 'info'): { log: Log; lines: LogLine[]; text: string[] } {
  const lines: LogLine[] = [];
  const text: string[] = [];
  const log = createLog(
    {
      write(line: string) {
        text.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
    level,
  );
  return { log, lines, text };
}
