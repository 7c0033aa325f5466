import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startStudioWebShell } from '../../electron/web/web-shell';
import type { WebShell } from '../../electron/web/server';
import { startSimulator, type FaultSwitches, type Simulator } from '../simulator/index';
import { ARTIFACTS, CHROMIUM, ROOT, WEB_BUILD } from './paths';

/** Flags for Debian's Chromium in a container: headless, no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Audio plays without a click first, as it would after the user pressed Play.
  '--autoplay-policy=no-user-gesture-required',
];

export interface Studio {
  page: Page;
  context: BrowserContext;
  shell: WebShell;
  simulator: Simulator;
  /** This test's settings and takes. */
  dataDir: string;
  /** Where the browser saves downloads (exports). */
  downloadsDir: string;
  /** Saves a full-page screenshot as tests/artifacts/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
}

export interface StudioOptions {
  /** Start with the simulator's key in the environment (otherwise the first run has no key: offline engine). */
  withKey?: boolean;
  /** The simulator's faults from the start (pacing above all). */
  faults?: Partial<FaultSwitches>;
  /** Fills the fresh data folder before the web shell opens it (takes made beforehand, for benchmarks). */
  prepareDataDir?: (dataDir: string) => Promise<void>;
}

/** Debian's Chromium on the fresh `profile`, saving downloads in `downloadsDir`: its page, and screenshots of it. */
export async function openBrowser(
  profile: string,
  downloadsDir: string,
): Promise<{ context: BrowserContext; page: Page; screenshot: Studio['screenshot'] }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    viewport: { width: 1280, height: 820 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const screenshot = async (name: string) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
  return { context, page, screenshot };
}

/**
 * Starts one studio as a user would meet it: the Async simulator, the web shell with its own
 * fresh data folder pointed at the simulator, and Debian's Chromium with a fresh profile. Plain
 * Node (no vitest), so the end-to-end fixtures and the benchmarks share it.
 */
export async function startStudio(options: StudioOptions = {}): Promise<Studio & { close(): Promise<void> }> {
  const scratch = await mkdtemp(join(tmpdir(), 'avs-e2e-'));
  const dataDir = join(scratch, 'data');
  const downloadsDir = join(scratch, 'downloads');
  const profile = join(scratch, 'chromium-profile');
  const opened: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of opened.reverse()) await closeOne();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    await mkdir(dataDir, { recursive: true });
    await options.prepareDataDir?.(dataDir);
    const simulator = await startSimulator({ faults: options.faults });
    opened.push(() => simulator.close());
    const env = {
      ASYNCAI_API_URL: simulator.httpUrl,
      ASYNCAI_WS_URL: simulator.wsUrl,
      ...(options.withKey ? { ASYNCAI_API_KEY: simulator.apiKey } : {}),
    };
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const shell = await startStudioWebShell({ dataDir, staticDir: WEB_BUILD, env, version });
    opened.push(() => shell.close());
    const { context, page, screenshot } = await openBrowser(profile, downloadsDir);
    opened.push(() => context.close());
    await page.goto(shell.url);
    return { page, context, shell, simulator, dataDir, downloadsDir, screenshot, close };
  } catch (error) {
    await close();
    throw error;
  }
}
