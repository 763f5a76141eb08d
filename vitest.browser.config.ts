import { defineConfig } from 'vitest/config';

// Browser tests of the built site: `npm run build && npm run test:browser`.
// They build nothing themselves; they serve dist/ and need /usr/bin/chromium
// (Debian's `chromium` package).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60000,
    hookTimeout: 60000,
    fileParallelism: false,
    // The page cases run two at a time (it.concurrent): one per core.
    maxConcurrency: 2,
  },
});
