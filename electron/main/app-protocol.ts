import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentTypeFor, readCsp, resolveInside } from '../web/static-path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Declares app:// as a standard, secure scheme (Electron security checklist 18: "Avoid usage of
 * the file:// protocol"); must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer on app://studio/ with the traversal guard the web shell uses, plus its CSP as a header. */
export async function serveRenderer(rootDir: string): Promise<void> {
  const csp = readCsp(await readFile(resolveInside(rootDir, '/')!, 'utf8'));
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveInside(rootDir, url.pathname) : null;
    const bytes = file ? await readFile(file).catch(() => null) : null;
    if (!file || !bytes) return new Response('Not found', { status: 404 });
    const headers: Record<string, string> = {
      'Content-Type': contentTypeFor(file),
      'X-Content-Type-Options': 'nosniff',
    };
    // Electronegativity CSP_GLOBAL_CHECK accepted: the check cannot read a variable; this is index.html's CSP,
    // which it evaluates there.
    if (csp) headers['Content-Security-Policy'] = csp;
    return new Response(new Uint8Array(bytes), { headers });
  });
}
