import type { StudioErrorInfo } from '../../shared/errors';

/** What the user can do about an error, as a button in the status bar. */
export type WayOut = { kind: 'key' } | { kind: 'offline' } | { kind: 'retry-at'; atMs: number } | null;

export interface Advice {
  message: string;
  wayOut: WayOut;
}

/** Seconds left before a rate-limited request may be tried again (never negative). */
export function secondsUntil(atMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((atMs - nowMs) / 1000));
}

/**
 * An error's message followed by its hint (what the user can do), as every place that shows an
 * error in words writes it: the status bar, dialogs and the project's blocks.
 */
export function messageWithHint(error: Pick<StudioErrorInfo, 'message' | 'hint'>): string {
  return error.hint ? `${error.message} ${error.hint}` : error.message;
}

/**
 * An error in plain words with its way out: a refused key opens the key dialog, a rate limit
 * says when to retry, an unreachable server offers the offline engine. `receivedAtMs` anchors the
 * retry time.
 */
export function adviceFor(error: StudioErrorInfo, receivedAtMs: number): Advice {
  switch (error.code) {
    case 'AUTH':
      return { message: 'Async did not accept your API key.', wayOut: { kind: 'key' } };
    case 'RATE_LIMITED': {
      const atMs = receivedAtMs + (error.retryAfterMs ?? 5000);
      return { message: 'Async is rate-limiting requests.', wayOut: { kind: 'retry-at', atMs } };
    }
    case 'QUOTA':
      return {
        message: messageWithHint({ ...error, message: 'Your Async usage limit is reached.' }),
        wayOut: { kind: 'offline' },
      };
    case 'NETWORK':
      return { message: `Cannot reach Async: ${error.message}`, wayOut: { kind: 'offline' } };
    case 'TIMEOUT':
      return { message: `Async did not answer in time: ${error.message}`, wayOut: { kind: 'offline' } };
    case 'SERVER':
      return { message: messageWithHint({ ...error, message: `Async had a problem: ${error.message}` }), wayOut: null };
    default:
      return { message: messageWithHint(error), wayOut: null };
  }
}
