/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// `pnpm test:e2e`: the browser tests (Chromium through playwright-core), kept out of `pnpm test` so that it runs
// on any machine. They use the standard-decorators project of jest.config.ts, one file at a time.
const standard = (base.projects ?? [])[0] as Exclude<NonNullable<Config['projects']>[number], string>;

const config: Config = {
  projects: [
    {
      ...standard,
      displayName: 'e2e',
      testMatch: ['<rootDir>/packages/*/e2e/**/*.e2e.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
  maxWorkers: 1,
};

export default config;
