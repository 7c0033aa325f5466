import { StudioError, type StudioErrorCode } from '../../../shared/errors';
import { redact } from '../redact';

/** An error as the API reports it, over HTTP (either body shape) or in a WebSocket frame. */
export interface ApiErrorBody {
  error_code?: string;
  message?: string;
  extra?: Record<string, unknown> | null;
}

/**
 * Reads both documented error shapes: FastAPI's `{detail: {error_code, message, extra}}` and the
 * flat `{error_code, message, extra}` (asyncai-api.md §4.4); 500s carry a string `detail`.
 */
export function readApiErrorBody(body: unknown): ApiErrorBody {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const inner =
    record.detail && typeof record.detail === 'object' ? (record.detail as Record<string, unknown>) : record;
  return {
    error_code: typeof inner.error_code === 'string' ? inner.error_code : undefined,
    message:
      typeof inner.message === 'string'
        ? inner.message
        : typeof record.message === 'string'
          ? record.message
          : typeof record.detail === 'string'
            ? record.detail
            : undefined,
    extra: inner.extra && typeof inner.extra === 'object' ? (inner.extra as Record<string, unknown>) : null,
  };
}

const BY_API_CODE: Record<string, { code: StudioErrorCode; hint: string }> = {
  INVALID_API_KEY: { code: 'AUTH', hint: 'Check the API key (Settings → API key) or set ASYNCAI_API_KEY.' },
  VOICE_NOT_FOUND: { code: 'BAD_INPUT', hint: 'Pick another voice; this one does not exist for your account.' },
  INVALID_LANGUAGE: { code: 'BAD_INPUT', hint: 'Choose a language the model supports, or leave it on auto-detect.' },
  VERSION_NOT_FOUND: { code: 'BAD_INPUT', hint: 'Use API version v1.' },
  VOICE_PREVIEW_NOT_FOUND: { code: 'NOT_FOUND', hint: 'This voice has no preview clip.' },
  RATE_LIMIT_EXCEEDED: {
    code: 'RATE_LIMITED',
    hint: 'Too many requests this minute; the studio retries after the wait.',
  },
  TOO_MANY_CONCURRENT_REQUESTS: { code: 'RATE_LIMITED', hint: 'Too many requests at once; wait for one to finish.' },
  USAGE_LIMIT_EXCEEDED: {
    code: 'QUOTA',
    hint: 'Your monthly quota is used up; upgrade the plan or use the offline engine.',
  },
  QUOTA_EXCEEDED: { code: 'QUOTA', hint: 'Your quota is used up; upgrade the plan or use the offline engine.' },
  TIMEOUT: { code: 'TIMEOUT', hint: 'The connection was idle too long; the studio reconnects.' },
};

/** A way out for errors the API did not name (a bare 400, 404 or 500), so every error carries a hint. */
const HINT_BY_CODE: Partial<Record<StudioErrorCode, string>> = {
  AUTH: BY_API_CODE.INVALID_API_KEY!.hint,
  BAD_INPUT: 'The API refused the request; check the text, voice, model, language and output settings.',
  NOT_FOUND: 'The voice or resource does not exist (any more); refresh the voice list.',
  RATE_LIMITED: 'Too many requests; wait a moment and try again.',
  SERVER: 'The Async service had a problem; try again in a moment.',
};

function codeForStatus(status: number | undefined): StudioErrorCode {
  if (status === undefined) return 'SERVER';
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'BAD_INPUT';
  return 'SERVER';
}

/** Turns an API error into a StudioError with a plain message and a way out; never carries the key. */
export function apiError(body: ApiErrorBody, status?: number): StudioError {
  const known = body.error_code ? BY_API_CODE[body.error_code] : undefined;
  const code = known?.code ?? codeForStatus(status);
  const retry = body.extra?.retry_after_ms;
  const message = redact(
    body.message ?? (status ? `The Async API answered HTTP ${status}.` : 'The Async API reported an error.'),
  );
  return new StudioError({
    code,
    message: body.error_code ? `${message} (${body.error_code})` : message,
    hint: known?.hint ?? HINT_BY_CODE[code],
    apiCode: body.error_code,
    status,
    retryAfterMs: typeof retry === 'number' ? retry : undefined,
  });
}
