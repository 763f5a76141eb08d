import { defineConfig } from 'vitest/config';

// Unit and end-to-end tests. Browser tests need Chromium and a built dist/:
// they run separately with `npm run test:browser` (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    // Two workers on CI's two cores: the slowest files (kill tests, site builds)
    // mostly wait on child processes, so a second worker uses the idle core.
    // Measured on this 2-core machine: the suite ran 511 s on one worker.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC', OBSERVABLE_TELEMETRY_DISABLE: 'true' },
  },
});
