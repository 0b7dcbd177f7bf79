// The drop-in bundle: `<script type="module" src="…/relais-checkout.js">` on any page defines
// <relais-checkout>. Lit is bundled (a merchant page has no import map to find it); provider
// adapters loaded with dynamic import() become sibling chunks fetched on demand. It ships in the
// npm package as cdn/, which is what a package CDN serves; the build prints its SRI hash.
import { defaultClientConditions, defineConfig } from 'vite';
import { attributeDocsOut, sourceCondition, subresourceIntegrity } from './scripts/vite-workspace.ts';

export default defineConfig({
  plugins: [subresourceIntegrity('relais-checkout.js'), attributeDocsOut()],
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  // Lit, Workbox and friends read process.env.NODE_ENV; a browser page has no `process`.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: 'packages/checkout/cdn',
    emptyOutDir: true,
    // public/ holds the demo's files and the service worker: none of them belong in the package.
    copyPublicDir: false,
    minify: true,
    lib: {
      entry: 'packages/checkout/src/index.ts',
      formats: ['es'],
      // A function, not 'relais-checkout': the string form picks `.mjs` or `.js` from the
      // nearest package.json's "type", and the file name is public contract.
      fileName: () => 'relais-checkout.js',
    },
    rolldownOptions: {
      // Library mode keeps the entry's exports exactly as written ('strict'), so modules the entry
      // shares with a lazy adapter (i18n, api) would become extra chunks the page must fetch
      // before anything renders. Letting the entry export them too keeps one file up front.
      preserveEntrySignatures: 'allow-extension',
      // Library mode minifies ES output without whitespace removal (so that a downstream
      // bundler still sees /* @__PURE__ */ marks). This file is what pages load as is: minify fully.
      output: { minify: true },
    },
  },
});
