import { StudioError } from '../../../shared/errors';
import { redact } from '../redact';
import { apiError, readApiErrorBody } from './api-errors';

export const NETWORK_HINT = 'Check your connection, or switch to the offline engine.';

/** The error a cancelled request ends with, so callers can tell it from a failure. */
export function cancelledError(): StudioError {
  return new StudioError({ code: 'CANCELLED', message: 'The request was cancelled.' });
}

/** The system error code (ECONNREFUSED, ENOTFOUND, ECONNRESET…) buried in a fetch failure, if any. */
function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps what fetch or a body read threw: an abort is CANCELLED, everything else (refused, DNS,
 * reset, cut-off body) is NETWORK. The URL is the API base only, and passes through `redact` anyway.
 */
export function transportError(error: unknown, base: string, signal?: AbortSignal): StudioError {
  if (error instanceof StudioError) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return cancelledError();
  const code = systemCode(error);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new StudioError(
    { code: 'NETWORK', message: redact(`Cannot reach the Async API at ${base} (${reason}).`), hint: NETWORK_HINT },
    { cause: error },
  );
}

/** Parses a body that should be JSON; undefined when it is not. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns a non-2xx answer into a StudioError, reading either documented error body shape. */
export async function responseError(response: Response): Promise<StudioError> {
  const text = await response.text().catch(() => '');
  return apiError(readApiErrorBody(parseJson(text)), response.status);
}
