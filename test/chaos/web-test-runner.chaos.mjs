// The chaos journeys' Web Test Runner set-up (`npm run chaos`, and the chaos step of `npm test`).
import { defaultReporter } from '@web/test-runner';
import base from '../../web-test-runner.config.mjs';
import { chaosFrames, chaosPlugin, shrinkMs } from './plugin.mjs';

/** As test/chaos/suite.ts plays them: four test files, all at once, five journeys side by side per page. */
const SHARDS = 4;
const POOL = 5;

// A journey has its own watchdog, but a shard whose page stops running its script (a frame that
// navigated the test page away, a renderer that hung) never reports: bound each test file by
// what its share of the journeys may take (the pages share one queue and end together: a round
// of five journeys seconds when healthy, 90 s allowed on a busy machine), so a stalled shard
// fails instead of holding the run for hours; plus the time a failure may be shrunk.
const runs = Number(process.env.CHAOS_RUNS ?? 200);
const roundsPerShard = Math.ceil(runs / SHARDS / POOL);

export default {
  ...base,
  files: ['test/chaos/*.test.ts'],
  middleware: [chaosFrames(), ...base.middleware],
  plugins: [...base.plugins, chaosPlugin({ prebuild: true })],
  // The journeys' figures come from their own reports (scripts/chaos.mjs), not the browser suite's counts and times.
  reporters: [defaultReporter()],
  // Every shard's page at once: they play one shared queue of journeys (test/chaos/suite.ts).
  concurrency: SHARDS,
  testsFinishTimeout: Math.max(3 * 60_000, roundsPerShard * 90_000) + shrinkMs() + 60_000,
};
