import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Dates must never depend on the machine's zone; CI also runs a TZ matrix in the properties.
    env: { TZ: 'America/Los_Angeles' },
  },
});
