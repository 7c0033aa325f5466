import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The summary reporter prints the "N passed, N failed" line CI reads; the default one shows progress.
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
