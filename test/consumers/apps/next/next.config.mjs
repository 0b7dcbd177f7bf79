import { fileURLToPath } from 'node:url';

// The fixture's node_modules are one directory up (shared by the four apps).
const root = fileURLToPath(new URL('..', import.meta.url));

export default {
  outputFileTracingRoot: root,
  turbopack: { root },
};
