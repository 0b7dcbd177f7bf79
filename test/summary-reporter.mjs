// A Web Test Runner reporter that only counts. WTR's own closing line is not the plain
// `N passed, N failed` line CI reads, so scripts/test.mjs adds these counts to the Node
// tests' and prints that line itself. Output: .test-results/wtr.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const RESULT_FILE = resolve('.test-results/wtr.json');

/** Counts the tests of a session's result tree (suites nest). */
function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
}

function summarise(sessions) {
  const counts = { passed: 0, failed: 0, skipped: 0, files: 0 };
  const files = new Set();
  for (const session of sessions) {
    files.add(session.testFile);
    const failedBefore = counts.failed;
    countTests(session.testResults, counts);
    // A file that did not load, threw outside a test, timed out or never finished has no
    // failed test to show for it, yet it must not let the run pass: count it as one failure.
    const sessionBroke = session.errors?.length > 0 || session.status !== 'FINISHED';
    const unexplained = session.passed === false && counts.failed === failedBefore;
    if (sessionBroke || unexplained) counts.failed += 1;
  }
  counts.files = files.size;
  return counts;
}

function write(sessions) {
  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(summarise(sessions))}\n`);
}

/** @returns {import('@web/test-runner').Reporter} */
export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
    // Also on stop: a run stopped early (browser crash, timeout) never reaches
    // onTestRunFinished, and its unfinished sessions must still count as failures.
    stop({ sessions }) {
      write(sessions);
    },
  };
}
