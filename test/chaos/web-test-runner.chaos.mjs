// `npm run chaos`: the suite's Web Test Runner set-up, for long runs of the chaos journeys only.
import base from '../../web-test-runner.config.mjs';
import { chaosPlugin } from './plugin.mjs';

// A journey has its own watchdog, but a shard whose page stops running its script (a frame that
// navigated the test page away, a renderer that hung) never reports: bound each test file by
// what its batches may take (two shards at a time), so a stalled shard fails instead of holding
// the run for hours. A shrink (after a failure) replays many journeys: an hour more.
const runs = Number(process.env.CHAOS_RUNS ?? 200);
const batchesPerShard = Math.ceil(runs / 4 / 10);
const shrinkMs = process.env.CHAOS_SHRINK === '1' ? 60 * 60_000 : 0;

export default {
  ...base,
  files: ['test/chaos/*.test.ts'],
  plugins: base.plugins.map((plugin) => (plugin.name === 'relais-chaos' ? chaosPlugin({ prebuild: true }) : plugin)),
  testsFinishTimeout: Math.max(10 * 60_000, batchesPerShard * 3 * 60_000) + shrinkMs,
};
