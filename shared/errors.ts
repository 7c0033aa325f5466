import type { z } from 'zod';

/**
 * One error vocabulary for the engine, the CLI and the UI. `code` says what kind of failure it is
 * (and so the CLI exit code and the UI's way out); `hint` says what the user can do about it.
 */
export type StudioErrorCode =
  | 'AUTH' // bad or missing API key
  | 'BAD_INPUT' // the request is wrong: unknown voice, unsupported language, bad range
  | 'NOT_FOUND'
  | 'RATE_LIMITED' // 429 with a retry time
  | 'QUOTA' // usage limit or in-band QUOTA_EXCEEDED marker
  | 'NETWORK' // cannot reach the server, connection dropped beyond retries
  | 'SERVER' // 5xx, malformed answers
  | 'TIMEOUT'
  | 'CANCELLED';

export interface StudioErrorInfo {
  code: StudioErrorCode;
  message: string;
  hint?: string;
  /** The API's own `error_code`, e.g. `VOICE_NOT_FOUND`. */
  apiCode?: string;
  status?: number;
  retryAfterMs?: number;
}

export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly hint?: string;
  readonly apiCode?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(info: StudioErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'StudioError';
    this.code = info.code;
    this.hint = info.hint;
    this.apiCode = info.apiCode;
    this.status = info.status;
    this.retryAfterMs = info.retryAfterMs;
  }

  toInfo(): StudioErrorInfo {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      apiCode: this.apiCode,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isStudioError(value: unknown): value is StudioError {
  return value instanceof StudioError;
}

/**
 * What is wrong with a value its schema refused, as `path: problem` for the first five issues, for
 * messages and logs. `whole` names the value itself, for an issue about all of it (no path).
 */
export function describeIssues(error: z.ZodError, whole = '(file)'): string {
  const lines = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || whole}: ${i.message}`);
  if (error.issues.length > 5) lines.push(`and ${error.issues.length - 5} more`);
  return lines.join('; ');
}
