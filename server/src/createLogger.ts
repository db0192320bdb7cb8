// The server's log lines (docs/server.md, "Logs"): plain text for a terminal, or JSON lines an
// operator's collector can parse, `{"time","level","message"}` and nothing else. Messages are the
// server's own words: never a token, a visitor id or event data (the callers see to it), and one
// message is always one line, whatever it holds.
import type { Logger } from './ServerContext';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

export interface LogOutput {
  /** Informational lines (stdout). */
  out(line: string): void;
  /** Warnings and errors (stderr). */
  err(line: string): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(format: LogFormat, output: LogOutput, now: () => Date = () => new Date()): Logger {
  const write = (level: Level, message: string) => {
    const line = format === 'json'
      ? JSON.stringify({ time: now().toISOString(), level, message })
      : `${level === 'info' ? '' : level === 'warn' ? 'warning: ' : 'error: '}${message.replace(/[\r\n]+/g, ' ')}`;
    if (level === 'info') output.out(line);
    else output.err(line);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}
