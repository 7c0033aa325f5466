import { test as base } from 'vitest';
import { DEFAULT_FAULTS } from '../simulator/faults';
import { startStudio, type Studio, type StudioOptions } from './studio-launcher';

export { CHROMIUM_ARGS, startStudio, type Studio, type StudioOptions } from './studio-launcher';

/**
 * The simulator without pacing: audio as fast as Flite makes it. The e2e flows use it unless
 * streaming pacing is what they test (then they pass the simulator's default pacing).
 */
export const UNPACED = { realtimeFactor: Infinity, firstAudioMs: 0 } as const;

/** The simulator's own pacing: first audio after a delay, then twice real time. */
export const PACED = {
  realtimeFactor: DEFAULT_FAULTS.realtimeFactor,
  firstAudioMs: DEFAULT_FAULTS.firstAudioMs,
} as const;

/**
 * `test` with a `studio` fixture for `options`: a fresh simulator, web shell, data folder and
 * browser profile per test, closed after it (Actual Budget's e2e fixtures). The test fails if the
 * page threw an uncaught error meanwhile, even when every assertion passed.
 */
export function studioTest(options: StudioOptions = {}) {
  return base.extend<{ studio: Studio }>({
    // eslint-disable-next-line no-empty-pattern
    studio: async ({}, use) => {
      const studio = await startStudio({ ...options, faults: { ...UNPACED, ...options.faults } });
      const pageErrors: string[] = [];
      studio.page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
      try {
        await use(studio);
      } finally {
        await studio.close();
      }
      if (pageErrors.length) throw new Error(`The page threw:\n${pageErrors.join('\n\n')}`);
    },
  });
}

/** A first-run studio: no key, so the offline engine. */
export const test = studioTest();
