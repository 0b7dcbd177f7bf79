// `npm run build:packages`: every published package's dist/ (ES modules and .d.ts) from a clean
// slate, so that no file of an earlier build (a renamed module, a stray chunk) gets packed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

for (const name of ['card-data', 'contracts', 'service-worker', 'checkout', 'react', 'server', 'lab']) {
  rmSync(join('packages', name, 'dist'), { recursive: true, force: true });
}
const { status } = spawnSync(join('node_modules', '.bin', 'tsc'), ['-b', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(status ?? 1);
