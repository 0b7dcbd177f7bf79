// `npm run chaos`: the suite's Web Test Runner set-up, for long runs of the chaos journeys only.
import base from '../../web-test-runner.config.mjs';

export default {
  ...base,
  files: ['test/chaos/*.test.ts'],
  // A long run (or a shrink) takes what it takes: the journeys set their own limits.
  testsFinishTimeout: 6 * 60 * 60_000,
};
