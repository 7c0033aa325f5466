/**
 * Keeps API keys out of logs, errors and events. The WebSocket URL carries the key in its query
 * string (the API leaves no other way), so every URL and message that could hold one passes here.
 */
const secrets = new Set<string>();

/** Registers a secret so that `redact` hides it wherever it appears, raw or URL-encoded. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

/** Stops hiding a secret: a key that was refused is not a key, and hiding it would garble unrelated text. */
export function forgetSecret(secret: string): void {
  secrets.delete(secret);
}

const KEY_PARAM = /([?&](?:api_key|apiKey|key|token)=)[^&#\s"']*/gi;
const KEY_HEADER = /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

/** Removes registered secrets, `api_key=` query values and `x-api-key` header values from text. */
export function redact(text: string): string {
  let out = text.replace(KEY_PARAM, '$1***').replace(KEY_HEADER, '$1***');
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/** The last four characters, the only part of a key the UI ever shows. */
export function keyHint(key: string): string {
  return key.length <= 4 ? '****' : `…${key.slice(-4)}`;
}
