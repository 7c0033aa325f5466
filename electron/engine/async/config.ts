import { API_VERSION, DEFAULT_HTTP_URL, DEFAULT_WS_URL } from '../../../shared/models';
import { registerSecret } from '../redact';

export { DEFAULT_HTTP_URL, DEFAULT_WS_URL };

/** Where and as whom the Async clients talk. URLs are configurable so the simulator can stand in. */
export interface AsyncConfig {
  apiKey: string;
  /** HTTP API base, e.g. https://api.async.com */
  httpUrl: string;
  /** Full WebSocket URL without query; the client adds `api_key` and `version`. */
  wsUrl: string;
  /** Sent as the `version` header and query parameter. */
  apiVersion: string;
}

/**
 * Builds a config from explicit values, then the environment (ASYNCAI_API_KEY, ASYNCAI_API_URL,
 * ASYNCAI_WS_URL), then the defaults; the CLI, the Electron main process and the web shell agree.
 * Returns null when there is no key. The key is registered for redaction before anyone can log it.
 */
export function resolveAsyncConfig(
  explicit: Partial<AsyncConfig> = {},
  env: Record<string, string | undefined> = process.env,
): AsyncConfig | null {
  const apiKey = explicit.apiKey ?? env.ASYNCAI_API_KEY;
  if (!apiKey) return null;
  registerSecret(apiKey);
  return {
    apiKey,
    httpUrl: (explicit.httpUrl ?? env.ASYNCAI_API_URL ?? DEFAULT_HTTP_URL).replace(/\/+$/, ''),
    wsUrl: explicit.wsUrl ?? env.ASYNCAI_WS_URL ?? DEFAULT_WS_URL,
    apiVersion: explicit.apiVersion ?? API_VERSION,
  };
}
