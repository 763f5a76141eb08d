import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC', OBSERVABLE_TELEMETRY_DISABLE: 'true' },
  },
});
