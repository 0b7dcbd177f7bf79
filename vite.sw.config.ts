// `public/relais-sw.js`: the order-queue service worker as one classic script (a worker
// registered without `type: 'module'` cannot import), idb-keyval bundled, production build.
import { defineConfig } from 'vite';

export default defineConfig({
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
