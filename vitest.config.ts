import { defineConfig } from 'vitest/config'

// One run, one project per package. `pnpm test` runs lint, typecheck and build first.
export default defineConfig({
  test: {
    // The SDK warns that releases after January 2027 need Node 22; we pin ours (docs/architecture.md).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Two files at a time on the two cores CI has (vitest's default is one fewer than the cores):
    // the browser tests mostly wait on Chromium, a process of its own. Every test is written to
    // pass on a busy machine (timeouts in seconds, not the 5 s default, polls instead of sleeps).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'domain',
          root: 'packages/domain',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: { name: 'store', root: 'packages/store', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: {
          name: 'functions',
          root: 'functions',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'infra', root: 'infra', include: ['test/**/*.test.ts'], testTimeout: 60_000 } },
      'admin/vite.config.ts',
      {
        test: {
          name: 'integration',
          root: 'test',
          include: ['integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Chromium against the built app (`pnpm build` first): `pnpm test:fast` leaves this one out.
      {
        test: {
          name: 'browser',
          root: 'test',
          include: ['browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A page that is right answers at once; on a loaded 2-core machine one that is right may
          // take seconds to get there (vitest's default is 1 s). Waiting longer never slows a pass.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
})
