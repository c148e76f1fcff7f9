import { defineConfig } from 'vitest/config';

/**
 * The fast unit tests of the trust rules: in-memory fakes, no build, no processes, no network.
 * `npm run mutate` runs these under every mutant; the default config runs them with the rest.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/ground/**/*.test.ts', 'test/server/request-guard.test.ts', 'test/images/inspect-image.test.ts', 'test/images/hostile-images.test.ts'],
    testTimeout: 10_000,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
