import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The summary reporter prints the "N passed, N failed" line CI reads; the default one shows progress.
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // Main-process modules import 'electron'; in unit tests that is the one shared mock.
        resolve: { alias: { electron: resolve(import.meta.dirname, 'tests/mocks/electron.ts') } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          setupFiles: ['tests/mocks/electron-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // React components and stores under jsdom (each file names its environment); pure audio maths under node.
          name: 'renderer',
          include: ['tests/renderer/**/*.test.ts', 'tests/renderer/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          // The real UI in Debian's Chromium through the web shell (and Electron where it exists), against the simulator.
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
