import { defineConfig } from 'vitest/config';

// Unit and end-to-end tests. Browser tests need Chromium and a built dist/:
// they run separately with `npm run test:browser` (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC', OBSERVABLE_TELEMETRY_DISABLE: 'true' },
  },
});
