// Installs the packed packages as a user does, in fresh projects outside the repository, and checks that they
// type-check and run there:
// - esm/: an ES module project (`module: nodenext`, standard decorators) with an agent, a policy test helper
//   and the MCP server example of @brane/mcp; compiled by tsc and run, then bundled whole by esbuild (ESM,
//   dependencies included) and the bundle run;
// - cjs/: a CommonJS project (`module: nodenext` in a `"type": "commonjs"` package) with the same agent, and
//   the README's jest config running a policy test with the decision matchers;
// - nest/: a NestJS-style project (`module: commonjs`, so node10 resolution, experimentalDecorators and
//   emitDecoratorMetadata) with @brane/nestjs, `@brane/sdk/testing` and `@brane/sdk/jest`.
// The three share one node_modules (one `npm install`), each with its own package.json and tsconfig.
// Run after `pnpm build` (`--keep` keeps the projects and prints where); needs the npm registry for the third-party dependencies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packWorkspace, packagesDir } from './packWorkspace.mjs';
import { smokeProjects } from './smokeProjects.mjs';

const root = join(import.meta.dirname, '..');
const manifest = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const rootDev = manifest('package.json').devDependencies;
const nestDev = manifest('packages/nestjs/package.json').devDependencies;
const mcpDev = manifest('packages/mcp/package.json').devDependencies;
const testingDev = manifest('packages/testing/package.json').devDependencies;

const work = mkdtempSync(join(tmpdir(), 'brane-install-'));
const sh = (command, args, cwd) => {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CI: 'true' } });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`, {
      cause: error,
    });
  }
};
try {
  const tarballs = packWorkspace(join(work, 'packs'));
  const app = join(work, 'app');
  const brane = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
  const used = ['@brane/sdk', '@brane/testing', '@brane/nestjs', '@brane/mcp'];
  const thirdParty = {
    typescript: rootDev.typescript,
    '@types/node': rootDev['@types/node'],
    esbuild: rootDev.esbuild,
    jest: rootDev.jest,
    'ts-jest': rootDev['ts-jest'],
    '@types/jest': rootDev['@types/jest'],
    '@jest/globals': testingDev['@jest/globals'],
    '@nestjs/common': nestDev['@nestjs/common'],
    '@nestjs/core': nestDev['@nestjs/core'],
    'reflect-metadata': nestDev['reflect-metadata'],
    rxjs: nestDev.rxjs,
    '@modelcontextprotocol/sdk': mcpDev['@modelcontextprotocol/sdk'],
    zod: mcpDev.zod,
  };
  write(join(app, 'package.json'), {
    name: 'brane-install-smoke',
    private: true,
    dependencies: { ...Object.fromEntries(used.map((name) => [name, brane[name]])), ...thirdParty },
    // Every @brane package, including those installed as dependencies of others, comes from its tarball.
    overrides: brane,
  });
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
  console.log(`ok - npm install of ${tarballs.size} packed packages in ${app}`);

  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of smokeProjects) {
    const dir = join(app, project.name);
    for (const [file, contents] of Object.entries(project.files)) write(join(dir, file), contents);
    sh(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
    for (const [label, command, args, expected] of project.checks(dir, app)) {
      const output = sh(command === 'node' ? process.execPath : command, args, dir).trim();
      if (!output.includes(expected)) throw new Error(`${project.name}: ${label} printed ${output}, not ${expected}`);
      console.log(`ok - ${project.name}: ${label}`);
    }
  }
  console.log(`install smoke test passed (packages from ${packagesDir})`);
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function write(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof contents === 'string' ? contents : `${JSON.stringify(contents, null, 2)}\n`);
}
