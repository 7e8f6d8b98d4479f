import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn the CLI run ~1 s per command on two busy cores: room for that, not for a hang.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
