// Bundles a TypeScript entry with esbuild for Node 20, leaving packages external so that node loads the
// built workspace packages (run `pnpm build` first) and each dependency from node_modules.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

/** Bundles `entry` (absolute) into `outfile`, resolving from `workingDir` (the package's directory). */
export async function bundleEntry(entry, outfile, workingDir) {
  const compilerOptions = tsconfigOf(workingDir);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    absWorkingDir: workingDir,
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: compilerOptions.emitDecoratorMetadata ? [decoratorMetadata(compilerOptions)] : [],
  });
}

function tsconfigOf(dir) {
  const file = join(dir, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return config === undefined ? {} : ts.parseJsonConfigFileContent(config, ts.sys, dir).options;
}

/**
 * esbuild does not emit decorator metadata (`emitDecoratorMetadata`), which Nest's dependency injection reads,
 * so the sources of a project that asks for it are compiled by TypeScript first, then bundled.
 */
function decoratorMetadata(compilerOptions) {
  return {
    name: 'decorator-metadata',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const { outputText } = ts.transpileModule(await readFile(path, 'utf8'), {
          fileName: path,
          compilerOptions: {
            ...compilerOptions,
            module: ts.ModuleKind.ESNext,
            target: ts.ScriptTarget.ES2022,
            sourceMap: false,
            inlineSourceMap: true,
            inlineSources: true,
          },
        });
        return { contents: outputText, loader: 'js' };
      });
    },
  };
}
