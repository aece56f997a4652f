// The projects of the install smoke test (scripts/smoke-install.mjs): for each, its files and the commands
// that must print what is expected once `tsc -p tsconfig.json` has compiled it.

/** An agent and its policy, as the README's first agent; `amountUsd` over 100 is denied. */
const agent = `import { BeforeCapability, Capability, CapabilityDeniedError, Decision, Runtime, type PolicyContext } from '@brane/sdk';

export class SupportAgent {
  @Capability({ name: 'refund_customer', risk: 'high' })
  refund(customerId: string, amountUsd: number): string {
    return \`refunded \${amountUsd} to \${customerId}\`;
  }
}

export class RefundLimit {
  @BeforeCapability('refund_customer', { name: 'refund-limit' })
  check(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
}

export function main(): string {
  const runtime = new Runtime({ agentId: 'support-agent', environment: 'prod' });
  runtime.use(new RefundLimit());
  const agent = runtime.govern(new SupportAgent());
  const results = [agent.refund('cust_1', 75)];
  try {
    agent.refund('cust_2', 349);
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    results.push(\`denied by \${error.policyName}: \${error.reason}\`);
  }
  return results.join('; ');
}
`;
const expected = 'refunded 75 to cust_1; denied by refund-limit: over the limit';

/** A policy unit test, as the README's jest section. */
const policyTest = `import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { RefundLimit, SupportAgent } from '../src/agent.js';

it('denies a refund over the limit', () => {
  const policy = new RefundLimit();
  expect(policy.check(createPolicyContext(SupportAgent.prototype.refund, ['cust_1', 75]))).toAllow();
  expect(policy.check(createPolicyContext(SupportAgent.prototype.refund, ['cust_1', 349]))).toDeny(/over the limit/);
});
`;

/** @brane/mcp's README example: an McpServer from the SDK's ESM build, governed. */
const mcp = `import { Decision, Runtime } from '@brane/sdk';
import { governMcpServer } from '@brane/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function mcpServer(): string {
  const runtime = new Runtime();
  const server = governMcpServer(new McpServer({ name: 'files', version: '1.0.0' }), runtime, {
    server: 'files',
    tools: { 'delete_*': { risk: 'high', effect: { type: 'delete' } }, '*': { risk: 'low' } },
  });
  server.registerTool('delete_file', { inputSchema: { path: z.string() } }, async ({ path }) => ({
    content: [{ type: 'text', text: path }],
  }));
  runtime.beforeCapability('mcp.files.delete_file', { name: 'tmp-only' }, (ctx) =>
    ctx.arg<string>('path', '').startsWith('/tmp/') ? Decision.allow() : Decision.deny('Only /tmp/ files may be deleted'),
  );
  return runtime.validate().ok ? 'mcp server governed' : 'mcp server invalid';
}
`;

const strict = { strict: true, skipLibCheck: false, outDir: 'dist', rootDir: 'src', types: ['node'] };

export const smokeProjects = [
  {
    name: 'esm',
    files: {
      'package.json': { name: 'esm-app', private: true, type: 'module' },
      'tsconfig.json': {
        compilerOptions: { ...strict, target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext' },
        include: ['src'],
      },
      'src/agent.ts': agent,
      'src/mcp.ts': mcp,
      'src/main.ts': `import { createPolicyContext } from '@brane/sdk/testing';
import { main, RefundLimit, SupportAgent } from './agent.js';
import { mcpServer } from './mcp.js';

const tested = new RefundLimit().check(createPolicyContext(SupportAgent.prototype.refund, ['cust_1', 349]));
console.log([main(), mcpServer(), \`tested: \${tested.type}\`].join('; '));
`,
    },
    checks: (dir, app) => [
      ['runs on Node (ESM)', 'node', ['dist/main.js'], `${expected}; mcp server governed; tested: deny`],
      [
        'bundled whole by esbuild (ESM) and run',
        `${app}/node_modules/.bin/esbuild`,
        [
          'src/main.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          '--outfile=bundle/main.mjs',
          '--log-level=error',
        ],
        '',
      ],
      ['the ESM bundle runs', 'node', ['bundle/main.mjs'], `${expected}; mcp server governed; tested: deny`],
    ],
  },
  {
    name: 'cjs',
    files: {
      'package.json': { name: 'cjs-app', private: true, type: 'commonjs' },
      // The README's tsconfig; tsc also type-checks the tests (the matchers' types), ts-jest then only compiles.
      'tsconfig.json': {
        compilerOptions: {
          ...strict,
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          isolatedModules: true,
          rootDir: '.',
          types: ['node', 'jest'],
        },
        include: ['src', 'test'],
      },
      'jest.config.js': `/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  setupFilesAfterEnv: ['@brane/sdk/jest'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },
};
`,
      'src/agent.ts': agent,
      'src/main.ts': `import { main } from './agent.js';\n\nconsole.log(main());\n`,
      'test/agent.spec.ts': policyTest,
    },
    checks: (dir, app) => [
      ['runs on Node (CommonJS)', 'node', ['dist/src/main.js'], expected],
      [
        'jest with ts-jest and the decision matchers',
        `${app}/node_modules/.bin/jest`,
        ['--ci', '--json'],
        '"numPassedTests":1',
      ],
    ],
  },
  {
    name: 'nest',
    files: {
      'package.json': { name: 'nest-app', private: true },
      // NestJS's tsconfig: CommonJS output (so node10 resolution), legacy decorators with metadata.
      'tsconfig.json': {
        compilerOptions: {
          module: 'commonjs',
          target: 'ES2023',
          declaration: true,
          removeComments: true,
          emitDecoratorMetadata: true,
          experimentalDecorators: true,
          allowSyntheticDefaultImports: true,
          sourceMap: true,
          outDir: './dist',
          rootDir: './src',
          incremental: true,
          skipLibCheck: true,
          strictNullChecks: true,
          types: ['node'],
        },
        include: ['src'],
      },
      'src/main.ts': `import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BraneModule } from '@brane/nestjs';
import { BeforeCapability, Capability, CapabilityDeniedError, Decision, PolicyContext } from '@brane/sdk';
import { createPolicyContext } from '@brane/sdk/testing';
import type {} from '@brane/sdk/jest';

@Injectable()
export class SupportAgent {
  @Capability({ name: 'refund_customer', risk: 'high' })
  refund(customerId: string, amountUsd: number): string {
    return \`refunded \${amountUsd} to \${customerId}\`;
  }
}

@Injectable()
export class RefundLimit {
  @BeforeCapability('refund_customer', { name: 'refund-limit' })
  check(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
}

@Module({
  imports: [BraneModule.forRoot({ runtime: { agentId: 'support-agent', environment: 'prod' } })],
  providers: [SupportAgent, RefundLimit],
})
class AppModule {}

async function run(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const agent = app.get(SupportAgent);
  const results = [agent.refund('cust_1', 75)];
  try {
    agent.refund('cust_2', 349);
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    results.push(\`denied by \${error.policyName}: \${error.reason}\`);
  }
  const tested = new RefundLimit().check(createPolicyContext(SupportAgent.prototype.refund, ['cust_1', 349]));
  console.log([...results, \`tested: \${tested.type}\`].join('; '));
  await app.close();
}
void run();
`,
    },
    checks: () => [
      ['a Nest application context runs (CommonJS)', 'node', ['dist/main.js'], `${expected}; tested: deny`],
    ],
  },
];
