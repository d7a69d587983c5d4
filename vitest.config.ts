import { defineConfig } from 'vitest/config';

// Projects: `unit` needs nothing but Node; `integration` talks to the simulators and servers it starts
// itself over loopback HTTP (Graph simulator, relay, Azurite); `samba` runs against a real Samba AD DC
// that its global setup provisions and starts; `e2e` drives the Agents Playground in Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'samba',
          include: ['test/samba/**/*.test.ts'],
          globalSetup: ['test/samba/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
