import { defineConfig } from 'vitest/config';

/**
 * The browser suite: the built app (dist/) served on localhost and driven in
 * headless Chromium. Separate from the unit config on purpose: no setupFiles
 * (those start a TensorFlow.js backend in Node, which these tests never use),
 * one file at a time (the machine has two cores and Chromium wants both).
 *
 *   npm run build && npx vitest run --config tests/e2e/vitest.e2e.config.ts
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    // The files run one after another in one worker anyway: sharing its module cache saves
    // importing playwright-core and the helpers again for each file. Each file still launches
    // its own Chromium (useBrowser) and keeps its state in its own hooks.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 15_000,
    // A browser test that fails once on a busy machine should fail loudly, not be retried into a pass.
    retry: 0,
  },
});
