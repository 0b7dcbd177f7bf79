import { fileURLToPath } from 'node:url';

// The fixture's node_modules are one directory up (shared by the four apps).
const root = fileURLToPath(new URL('..', import.meta.url));

export default {
  outputFileTracingRoot: root,
  turbopack: { root },
  // Each run builds a fresh copy: writing Turbopack's cache to disk only costs time (50 s seen).
  experimental: { turbopackFileSystemCacheForBuild: false },
};
