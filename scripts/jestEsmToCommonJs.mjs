// A jest transform for the ES-module-only packages of node_modules that jest loads (NestJS 12): jest on Node 20
// cannot `require` an ES module, so each file is compiled to CommonJS with esbuild. Dynamic `import()` becomes
// `require`, which is how Nest loads its optional packages.
import { transformSync } from 'esbuild';

export default {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'external',
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    return { code, map };
  },
};
