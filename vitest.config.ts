import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // No time limit (0 disables it in vitest 4): a test must not fail because the machine is busy. A test
    // that guards against a hang says so itself (the fuzz tests time each case); CI bounds the whole job.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
