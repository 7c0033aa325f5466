import { app, shell, type WebContents } from 'electron';
import { createLogger } from '../engine/log';
import { isOwnUrl } from './app-origin';

const log = createLogger('security');

/**
 * The one address the OS browser may be asked to open: a parsed http(s) URL without credentials
 * or stray characters, returned normalised; null for javascript:, file:, UNC paths, data:,
 * mailto: and anything malformed (Electron security checklist: "Do not use shell.openExternal
 * with untrusted content").
 */
export function checkExternalUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  // Whitespace or control characters let one string parse differently in different places.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f\\]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.href;
}

/** Opens a checked URL with the injected opener (shell.openExternal in the app); says whether it did. */
export async function openExternalUrl(value: unknown, open: (url: string) => Promise<void> | void): Promise<boolean> {
  const url = checkExternalUrl(value);
  if (!url) {
    log.warn('Refused to open an external address that is not a plain http(s) URL.');
    return false;
  }
  await open(url);
  return true;
}

/**
 * Locks down one web contents (Electron security checklist 12–14): no new windows (http(s) links
 * go to the OS browser through the checked opener), no navigation or redirect away from the
 * studio's own pages, no <webview>, and every permission request and check denied.
 */
export function guardWebContents(contents: WebContents, isOwn: (url: string) => boolean = isOwnUrl): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Electronegativity OPEN_EXTERNAL_JS_CHECK accepted: only URLs that pass checkExternalUrl (http/https) open.
    void openExternalUrl(url, (checked) => shell.openExternal(checked)).catch((error: unknown) =>
      log.warn(`Opening a link failed: ${String(error)}`),
    );
    return { action: 'deny' };
  });
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isOwn(url)) {
      event.preventDefault();
      log.warn('Blocked navigation away from the studio.');
    }
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/** Applies `guardWebContents` to every web contents the app ever creates, before it loads anything. */
export function setupSecurity(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}
