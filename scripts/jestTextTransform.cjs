// Jest transform for files imported as text (the SQL migrations of @brane/postgres), as esbuild's `text`
// loader bundles them: the module's default export is the file's contents.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
