import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Process and pseudo-terminal tests spawn the CLI; two cores do not gain from more workers.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
