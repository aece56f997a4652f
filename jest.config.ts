/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// Workspace packages resolve to their sources, so `pnpm test` works on a fresh clone without a build.
const moduleNameMapper = {
  '^@brane/(errors|decisions|policy-engine|approvals|audit|core|cli|testing|sdk|mcp|ai-sdk|openai-agents|langchain|nestjs|postgres|limits|redis|sessions|console)$':
    '<rootDir>/packages/$1/src/index.ts',
  '^@brane/testing/jest$': '<rootDir>/packages/testing/src/jest.ts',
  '^@brane/approvals/testing$': '<rootDir>/packages/approvals/src/testing.ts',
  '^@brane/limits/testing$': '<rootDir>/packages/limits/src/testing.ts',
  '^@brane/sessions/testing$': '<rootDir>/packages/sessions/src/testing.ts',
  '^@brane/policy-engine/internal$': '<rootDir>/packages/policy-engine/src/internal.ts',
  '^@brane/audit/internal$': '<rootDir>/packages/audit/src/internal.ts',
  '^@brane/errors/testing$': '<rootDir>/packages/errors/src/testing.ts',
  '^@brane/sdk/(testing|jest)$': '<rootDir>/packages/sdk/src/$1.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

// Type-checking is `pnpm typecheck`'s job; with `isolatedModules` in the tsconfig, ts-jest only transpiles.
// NestJS 12 ships ES modules only, which jest on Node 20 cannot require: they alone are compiled to CommonJS.
// SQL files are imported as text, as esbuild bundles them (scripts/build-package.mjs).
const transpile = (tsconfig: string): Config['transform'] => ({
  '^.+\\.ts$': ['ts-jest', { tsconfig }],
  '^.+/node_modules/@nestjs/.+\\.js$': '<rootDir>/scripts/jestEsmToCommonJs.mjs',
  '^.+\\.sql$': '<rootDir>/scripts/jestTextTransform.cjs',
});
const transformIgnorePatterns = ['/node_modules/(?!\\.pnpm/|@nestjs/)'];

const config: Config = {
  // Always in worker processes, even on a 2-core machine (where jest would run every file in its own process,
  // one after another, and a long run outgrows the heap); a worker that holds over 512 MB after a file is replaced.
  maxWorkers: 2,
  workerIdleMemoryLimit: '512MB',
  // The database reporter prints where the PostgreSQL suites ran (server, embedded PGlite, or skipped).
  reporters: ['default', '<rootDir>/packages/postgres/test/harness/databaseReporter.cjs'],
  projects: [
    {
      displayName: 'standard-decorators',
      testEnvironment: 'node',
      moduleNameMapper,
      transform: transpile('<rootDir>/tsconfig.json'),
      testMatch: [
        '<rootDir>/packages/*/test/**/*.spec.ts',
        '<rootDir>/examples/*/test/**/*.spec.ts',
        '<rootDir>/benchmarks/test/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
      transformIgnorePatterns,
      // Nest's own decorators need `experimentalDecorators`: those specs run in the legacy project.
      testPathIgnorePatterns: [
        '/node_modules/',
        '/packages/core/test/legacy/',
        '/packages/nestjs/test/(?!standard/)',
        '/examples/nestjs-support-agent/',
      ],
    },
    {
      // The same decorators, compiled with `experimentalDecorators` and `emitDecoratorMetadata` (NestJS codebases).
      displayName: 'legacy-decorators',
      testEnvironment: 'node',
      moduleNameMapper,
      transform: transpile('<rootDir>/tsconfig.legacy.json'),
      transformIgnorePatterns,
      testMatch: [
        '<rootDir>/packages/core/test/legacy/**/*.spec.ts',
        '<rootDir>/packages/core/test/shared/**/*.spec.ts',
        '<rootDir>/packages/nestjs/test/**/*.spec.ts',
        '<rootDir>/examples/nestjs-support-agent/test/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['/node_modules/', '/packages/nestjs/test/standard/'],
    },
  ],
};

export default config;
