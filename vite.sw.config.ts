// `public/relais-sw.js`: the order-queue service worker as one classic script (a worker
// registered without `type: 'module'` cannot import), idb-keyval bundled, production build.
// A copy goes to packages/service-worker/dist/, which @relais/service-worker ships.
import { defaultClientConditions, defineConfig } from 'vite';
import { copyOutput, sourceCondition } from './scripts/vite-workspace.ts';

export default defineConfig({
  plugins: [copyOutput('relais-sw.js', 'packages/service-worker/dist')],
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  // Workbox-style sources read process.env.NODE_ENV; a worker has no `process`.
  define: { 'process.env.NODE_ENV': '"production"' },
  publicDir: false,
  build: {
    outDir: 'public',
    // public/ holds the demo's static files too: only this one file is ours to write.
    emptyOutDir: false,
    copyPublicDir: false,
    minify: true,
    lib: {
      entry: 'packages/service-worker/src/sw.ts',
      formats: ['iife'],
      name: 'RelaisServiceWorker',
      // A function: the file name is public contract (merchants serve it under this name).
      fileName: () => 'relais-sw.js',
    },
  },
});
