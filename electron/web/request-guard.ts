import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** What the guard needs to know about one HTTP request or WebSocket upgrade. */
export interface GuardedRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string | undefined;
}

export type GuardVerdict =
  | {
      ok: true;
      /** The token came in the query string: set the cookie so the page's later requests carry it. */ setCookie: boolean;
    }
  | { ok: false; status: 400 | 403; reason: string };

/** The cookie name carries the port: cookies ignore ports, and two shells must not overwrite each other's. */
export const tokenCookieName = (port: number) => `studio_token_${port}`;
export const TOKEN_HEADER = 'x-studio-token';

/**
 * Decides whether a request may reach the studio. The engine holds the user's API key and writes
 * files, so every request must come from this machine (loopback peer), name our host (defeats DNS
 * rebinding: a foreign site resolving its name to 127.0.0.1 still sends its own Host), come from
 * our own page when a browser says where it comes from (Origin), and carry this run's token.
 */
export function checkRequest(request: GuardedRequest, expected: { token: string; port: number }): GuardVerdict {
  if (!isLoopback(request.remoteAddress)) return deny(403, 'Only this computer may connect.');
  const host = header(request, 'host')?.toLowerCase();
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`];
  if (!host || !allowedHosts.includes(host)) return deny(403, 'Unexpected Host header.');
  const origin = header(request, 'origin');
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return deny(403, 'Foreign origin.');
  let url: URL;
  try {
    url = new URL(request.url, `http://${host}`);
  } catch {
    return deny(400, 'Malformed request URL.');
  }
  const fromQuery = sameToken(url.searchParams.get('token'), expected.token);
  const fromHeaderOrCookie = [header(request, TOKEN_HEADER), readCookie(request, tokenCookieName(expected.port))].some(
    (candidate) => sameToken(candidate, expected.token),
  );
  if (!fromQuery && !fromHeaderOrCookie) {
    return deny(403, 'Missing or wrong token: open the address printed by `npm run web`.');
  }
  return { ok: true, setCookie: fromQuery };
}

function deny(status: 400 | 403, reason: string): GuardVerdict {
  return { ok: false, status, reason };
}

function header(request: GuardedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

function readCookie(request: GuardedRequest, name: string): string | undefined {
  for (const part of (header(request, 'cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function sameToken(candidate: string | null | undefined, token: string): boolean {
  if (candidate === null || candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
