// @custom-elements-manifest/analyzer settings for <relais-checkout>. Run from packages/checkout
// (`npm run docs` does): module paths in custom-elements.json are then relative to the package
// that ships it, as its package.json "customElements" field expects.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  outdir: '.',
  // Reads Lit's `static properties` (attribute names, types) next to the class JSDoc.
  litelement: true,
  // The analyzer would otherwise rewrite the cwd's package.json; ours already names the file.
  packagejson: false,
  quiet: true,
};
