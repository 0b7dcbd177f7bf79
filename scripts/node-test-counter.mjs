// A node:test reporter that only counts, for scripts/test.mjs's closing `N passed, N failed`.
// Node's own summary counts a test file without any test as one passing test, and misses a
// describe() whose body or hook threw; this counts tests, plus one failure for each file that
// crashed or suite that broke by itself.
//
// The counts go to the file named by NODE_TEST_COUNTS, rewritten synchronously after every
// result: with --test-force-exit the runner exits as soon as the last test ends, before an
// asynchronous reporter could write a closing summary.
import { writeFileSync } from 'node:fs';

export default async function* countTests(source) {
  const file = process.env.NODE_TEST_COUNTS;
  if (!file) throw new Error('node-test-counter: set NODE_TEST_COUNTS to the output file');
  const counts = { passed: 0, failed: 0, skipped: 0 };
  writeFileSync(file, JSON.stringify(counts));
  for await (const { type, data } of source) {
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (data.details?.type === 'suite') {
      // A suite fails when one of its tests did (already counted) or when its own code did.
      if (type === 'test:fail' && data.details.error?.failureType !== 'subtestsFailed') counts.failed += 1;
    } else if (data.skip || data.todo) {
      counts.skipped += 1;
    } else if (type === 'test:fail') {
      counts.failed += 1;
    } else if (!(data.nesting === 0 && data.name === data.file)) {
      // (The runner reports a whole file as one passing test when it has no test of its own.)
      counts.passed += 1;
    }
    writeFileSync(file, JSON.stringify(counts));
  }
}
