import { extname, resolve, sep } from 'node:path';

/**
 * Maps a URL path to a file inside `root`, or null when it would leave it (`..`, encoded
 * separators, NUL bytes, absolute paths): the traversal guard of both the web shell and Electron's
 * app:// protocol. "/" serves index.html.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  if (relative.split('/').some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** The Content-Type for a served file; unknown kinds are plain bytes, never sniffed. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The renderer's Content-Security-Policy from its index.html meta tag, so both shells enforce the same policy. */
export function readCsp(html: string): string | null {
  const tag = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  // The policy quotes its keywords ('self'), so the value ends at the quote that opened it.
  const value = tag ? /content=(?:"([^"]*)"|'([^']*)')/i.exec(tag) : null;
  return value ? (value[1] ?? value[2] ?? null) : null;
}
