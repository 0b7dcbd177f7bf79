// @custom-elements-manifest/analyzer settings for <relais-checkout>. Run from packages/checkout
// (`npm run docs` does): module paths in custom-elements.json are then relative to the package
// that ships it, as its package.json "customElements" field expects.
import { addAttributes, loadAttributeDeclarations } from './scripts/attribute-declarations.mjs';

const attributeDeclarations = await loadAttributeDeclarations();

/** The attributes are declared in src/attributes.ts (not in JSDoc): the manifest lists them from there. */
function declaredAttributes() {
  return { name: 'relais-declared-attributes', packageLinkPhase: ({ customElementsManifest }) => addAttributes(customElementsManifest, 'relais-checkout', attributeDeclarations) };
}

/**
 * The manifest ships in the npm package, which has the compiled modules (dist/*.js) and not the
 * sources: module paths and references name the files a tool can actually open there.
 */
function pointAtDist() {
  const rewrite = (node) => {
    if (Array.isArray(node)) return node.forEach(rewrite);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = value.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js');
      else rewrite(value);
    }
  };
  return { name: 'relais-point-at-dist', packageLinkPhase: ({ customElementsManifest }) => rewrite(customElementsManifest) };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  outdir: '.',
  // Reads Lit's `static properties` (attribute names, types) next to the class JSDoc.
  litelement: true,
  // The analyzer would otherwise rewrite the cwd's package.json; ours already names the file.
  packagejson: false,
  quiet: true,
  plugins: [declaredAttributes(), pointAtDist()],
};
