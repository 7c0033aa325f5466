/** An error the simulated API reports: HTTP status plus the documented `error_code/message/extra`. */
export interface ApiFailure {
  status: number;
  error_code: string;
  message: string;
  extra: Record<string, unknown> | null;
}

export function failure(
  status: number,
  error_code: string,
  message: string,
  extra: Record<string, unknown> | null = null,
): ApiFailure {
  return { status, error_code, message, extra };
}

/** The WebSocket error frame (asyncai-api.md §3.3): always flat, never wrapped. */
export function errorFrame(f: Pick<ApiFailure, 'error_code' | 'message' | 'extra'>) {
  return { error_code: f.error_code, message: f.message, extra: f.extra };
}

/** The HTTP error body in either documented shape (§4.4). */
export function errorBody(f: ApiFailure, shape: 'detail' | 'flat') {
  const inner = errorFrame(f);
  return shape === 'detail' ? { detail: inner } : inner;
}

/** The documented 500 body, which has its own shape whatever `errorShape` says. */
export function internalErrorBody(method: string, url: string) {
  return {
    message: 'Oops! Internal server error occurred.',
    method,
    url,
    detail: 'Simulated internal server error (http500Count fault).',
  };
}

/** The part of a wrong key the API echoes back in `extra.api_key`. */
export function truncatedKey(key: string | undefined): string {
  if (!key) return '';
  return key.length <= 8 ? '***' : `${key.slice(0, 6)}...`;
}

export const invalidKey = (key: string | undefined) =>
  failure(401, 'INVALID_API_KEY', 'Invalid API key.', { api_key: truncatedKey(key) });

export const versionNotFound = (version: string) =>
  failure(404, 'VERSION_NOT_FOUND', `API version ${version} not found.`, { version });
