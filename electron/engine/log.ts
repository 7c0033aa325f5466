import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, scope: string, message: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The default sink's level: VOICE_STUDIO_LOG when it names one, else warn; read per line so it can change at run time. */
function environmentLevel(): LogLevel {
  const wanted = process.env.VOICE_STUDIO_LOG;
  return wanted !== undefined && wanted in ORDER ? (wanted as LogLevel) : 'warn';
}

let sink: LogSink = (level, scope, message) => process.stderr.write(`[${level}] ${scope}: ${message}\n`);
let leastLevel: () => LogLevel = environmentLevel;

/**
 * Sends log lines elsewhere (the Electron main process, tests that assert on logs): every line at
 * `least` or above, all of them unless told.
 */
export function setLogSink(next: LogSink, least: LogLevel = 'debug'): void {
  sink = next;
  leastLevel = () => least;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A logger whose every line goes through `redact`, so no caller can leak a key by accident. The
 * level is checked first: a dropped line (most debug lines) costs no redaction.
 */
export function createLogger(scope: string): Logger {
  const emit = (level: LogLevel) => (message: string) => {
    if (ORDER[level] >= ORDER[leastLevel()]) sink(level, scope, redact(message));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
