/** The version of `@brane/cli`, from its package.json (esbuild inlines the file into both bundles). */
// A `require`, not an `import`: tsc would put package.json, outside `src`, into the declaration build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const packageVersion: string = (require('../package.json') as { version: string }).version;
