import { test as base } from 'vitest';
import { startStudio, type Studio } from './studio-launcher';

export { CHROMIUM_ARGS, startStudio, type Studio, type StudioOptions } from './studio-launcher';

/** `test` with a `studio` fixture: a fresh studio per test, closed after it (Actual Budget's e2e fixtures). */
export const test = base.extend<{ studio: Studio }>({
  // eslint-disable-next-line no-empty-pattern
  studio: async ({}, use) => {
    const studio = await startStudio();
    try {
      await use(studio);
    } finally {
      await studio.close();
    }
  },
});
