import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['apps/web/test/browser-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser assertions poll until the page catches up; a busy CI machine gets ten seconds, not one.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    reporters: ['default'],
  },
});
