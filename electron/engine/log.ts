import { redact } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, scope: string, message: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

let sink: LogSink = (level, scope, message) => {
  const threshold = (process.env.VOICE_STUDIO_LOG as LogLevel | undefined) ?? 'warn';
  if (ORDER[level] >= (ORDER[threshold] ?? ORDER.warn)) process.stderr.write(`[${level}] ${scope}: ${message}\n`);
};

/** Sends log lines elsewhere (the Electron main process, tests that assert on logs). */
export function setLogSink(next: LogSink): void {
  sink = next;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger whose every line goes through `redact`, so no caller can leak a key by accident. */
export function createLogger(scope: string): Logger {
  const emit = (level: LogLevel) => (message: string) => sink(level, scope, redact(message));
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
