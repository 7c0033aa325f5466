import { app } from 'electron';

/** The renderer's own scheme and host: app://studio/index.html (privileged, standard, secure). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** electron-vite's dev server, honoured only in an unpackaged run: a packaged app loads its own files alone. */
export function devServerUrl(): string | null {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
}

/**
 * Whether a URL is one of the studio's own pages. Compares parsed scheme, host and port, never a
 * string prefix ("http://localhost:5173.evil.example" starts like the dev server).
 */
export function isOwnUrl(value: string, devUrl: string | null = devServerUrl()): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (!devUrl) return false;
  const dev = new URL(devUrl);
  return url.protocol === dev.protocol && url.host === dev.host;
}
