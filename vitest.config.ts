import { defineConfig } from 'vitest/config';

/**
 * Unit tests run in parallel first; the integration tests, which run Kafka brokers, whole
 * rollouts and rehearsals in-process against the wall clock, then run one file at a time so that
 * none of them competes with another for the CPU.
 */
/** In this repository the client package resolves to its TypeScript sources, not to its build. */
const SOURCE_CONDITION = 'kraft-canary-source';

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION], externalConditions: [SOURCE_CONDITION] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'packages/client/test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/domain/**/*.ts', 'packages/client/src/contract/**/*.ts'],
      exclude: ['packages/client/src/contract/index.ts'],
      thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
    },
  },
});
