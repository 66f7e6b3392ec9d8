import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The fast suite: `npm test`. Checks with real external tools live in *.real.test.ts and run
// with `npm run test:real` (vitest.real.config.ts).
export default defineConfig({
  test: {
    // The compile cache of the CLIs the tests start goes to a temporary folder, not the user's ~/.cache.
    env: { HOMELAB_CACHE_DIR: join(tmpdir(), 'homelabeazy-test-cache') },
    include: ['src/**/*.test.ts', 'generators/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/*.real.test.ts', '**/node_modules/**', '**/out/**'],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
