// `npm run build:packages`: every published package's dist/ (ES modules and .d.ts) from a clean
// slate, so that no file of an earlier build (a renamed module, a stray chunk) gets packed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleServer } from './bundle-server.mjs';

for (const name of ['card-data', 'contracts', 'service-worker', 'checkout', 'react', 'server', 'lab']) {
  rmSync(join('packages', name, 'dist'), { recursive: true, force: true });
}
const { status } = spawnSync(join('node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], { stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);
// The `relais-server` command's bundle (the package's bin), from the server's dist/ just built.
await bundleServer();
