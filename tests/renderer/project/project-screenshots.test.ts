// @vitest-environment node
import react from '@vitejs/plugin-react';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../e2e/paths';
import { openBrowser } from '../../e2e/studio-launcher';
import type { SceneName } from '../screenshots/scenes';

/*
 * The Projects view in Debian's Chromium against the fake engine, light and dark, wide and narrow,
 * saved to tests/artifacts/renderer/ to be looked at. Each shot also checks what a picture can
 * hide: the page threw nothing, and nothing spills sideways out of the window.
 */
const OUT = join(ROOT, 'tests', 'artifacts', 'renderer');
const WIDE = { width: 1440, height: 900 };
const MEDIUM = { width: 1024, height: 820 };
const NARROW = { width: 640, height: 900 };

const SHOTS: Array<{
  name: string;
  scene: SceneName;
  scheme: 'light' | 'dark';
  size: typeof WIDE;
  fullPage?: boolean;
}> = [
  { name: '40-project-light', scene: 'project', scheme: 'light', size: WIDE },
  { name: '40-project-dark', scene: 'project', scheme: 'dark', size: WIDE },
  { name: '41-render-running-light', scene: 'render', scheme: 'light', size: WIDE },
  { name: '41-render-running-dark', scene: 'render', scheme: 'dark', size: WIDE },
  { name: '42-estimate-light', scene: 'estimate', scheme: 'light', size: WIDE },
  { name: '43-lexicon-light', scene: 'lexicon', scheme: 'light', size: WIDE },
  { name: '43-lexicon-dark', scene: 'lexicon', scheme: 'dark', size: WIDE },
  { name: '44-casting-light', scene: 'casting', scheme: 'light', size: WIDE },
  { name: '45-export-report-light', scene: 'export', scheme: 'light', size: WIDE },
  { name: '45-export-report-dark', scene: 'export', scheme: 'dark', size: WIDE },
  { name: '46-home-light', scene: 'home', scheme: 'light', size: WIDE },
  { name: '47-medium-light', scene: 'render', scheme: 'light', size: MEDIUM, fullPage: true },
  { name: '48-narrow-dark', scene: 'project', scheme: 'dark', size: NARROW, fullPage: true },
  { name: '48-narrow-light', scene: 'render', scheme: 'light', size: NARROW, fullPage: true },
  { name: '49-studio-light', scene: 'studio', scheme: 'light', size: WIDE },
];

let server: ViteDevServer;
let browser: BrowserContext;
let profile: string;
let url: string;

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  server = await createServer({
    configFile: false,
    root: resolve(import.meta.dirname, '../screenshots'),
    plugins: [react()],
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [ROOT] }, hmr: false },
    // Pre-bundled once here, so the first page does not wait for a re-optimisation and reload.
    optimizeDeps: { entries: ['harness.tsx'] },
    cacheDir: join(ROOT, 'node_modules', '.vite-screenshots'),
  });
  await server.listen();
  url = server.resolvedUrls!.local[0]!;
  profile = await mkdtemp(join(tmpdir(), 'avs-shots-'));
  browser = (await openBrowser(join(profile, 'chromium'), join(profile, 'downloads'))).context;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('project view screenshots', () => {
  it.each(SHOTS)('$name', { timeout: 60_000 }, async ({ name, scene, scheme, size, fullPage }) => {
    const page = await browser.newPage();
    await page.setViewportSize(size);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${url}?scene=${scene}`);
      await page
        .waitForFunction(() => (window as unknown as { sceneReady?: boolean }).sceneReady === true, null, {
          timeout: 30_000,
        })
        .catch((error: Error) => {
          throw new Error(`${error.message}\n${errors.join('\n')}`);
        });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: fullPage ?? false });
      expect(errors).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'nothing wider than the window').toBeLessThanOrEqual(0);
    } finally {
      await page.close();
    }
  });
});
