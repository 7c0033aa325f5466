import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The web shell's renderer build (vite.web.config.ts). */
export const WEB_BUILD = join(ROOT, 'out', 'web');
/**
 * What the Electron tests launch: electron-vite's output (out/main, out/preload, out/renderer), or
 * STUDIO_E2E_ELECTRON_APP, e.g. a packaged resources/app.asar, which CI drives to check the app
 * runs from the archive electron-builder made (the offline engine's worker and WASM included).
 */
export const ELECTRON_MAIN = process.env.STUDIO_E2E_ELECTRON_APP ?? join(ROOT, 'out', 'main', 'index.js');
/** Screenshots from e2e runs (git-ignored, under tests/artifacts). */
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts', 'e2e');
/** Debian's Chromium; Playwright's own browsers are not downloaded here. */
export const CHROMIUM = process.env.STUDIO_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** The Electron binary the `electron` package installed, or null with the reason it cannot be used. */
export function electronBinary(): { path: string } | { path: null; reason: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary is not installed (node_modules/electron/path.txt is missing)' };
  }
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { path: null, reason: `the Electron binary is missing at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { path: binary };
}
