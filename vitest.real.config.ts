import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Slow checks with the real consumers of each artifact (HCL parser and formatter, terraform,
// ansible-playbook, ansible-lint, yaml-language-server): `npm run test:real`.
export default defineConfig({
  test: {
    // The compile cache of the CLIs the tests start goes to a temporary folder, not the user's ~/.cache.
    env: { HOMELAB_CACHE_DIR: join(tmpdir(), 'homelabeazy-test-cache') },
    include: ['src/**/*.real.test.ts', 'generators/**/*.real.test.ts', 'test/**/*.real.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
