// A Web Test Runner reporter that only counts. WTR's own closing line is not the plain
// `N passed, N failed` line CI reads, so scripts/test.mjs adds these counts to the Node
// tests' and prints that line itself. Output: .test-results/wtr.json, and each file's time in
// .test-results/wtr-times.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const RESULT_FILE = resolve('.test-results/wtr.json');
const TIMES_FILE = resolve('.test-results/wtr-times.json');

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

/**
 * Each test file's time in the browser, from its page starting to its results (the run plays two
 * at a time): .test-results/wtr-times.json, slowest first, and the slowest few printed at the end,
 * so the files that make the suite slow are named by every run.
 */
function recordTimes(sessions, started, finished) {
  const times = Object.entries(sessions.reduce((all, session) => {
    const start = started.get(session.id);
    const end = finished.get(session.id);
    if (start !== undefined && end !== undefined) all[session.testFile] = (all[session.testFile] ?? 0) + (end - start);
    return all;
  }, {})).map(([file, ms]) => ({ file: relative(process.cwd(), file), seconds: Math.round(ms / 100) / 10 })).sort((a, b) => b.seconds - a.seconds);
  mkdirSync(dirname(TIMES_FILE), { recursive: true });
  writeFileSync(TIMES_FILE, `${JSON.stringify(times, null, 2)}\n`);
  return times;
}

/** @returns {import('@web/test-runner').Reporter} */
export function summaryReporter() {
  const started = new Map();
  const finished = new Map();
  return {
    start({ sessions }) {
      sessions.on('session-status-updated', (session) => {
        // Its page starting, or (the first files start before reporters do) its tests starting.
        if (!started.has(session.id)) started.set(session.id, Date.now());
        if (session.status === 'FINISHED') finished.set(session.id, Date.now());
      });
    },
    onTestRunFinished({ sessions }) {
      write(sessions);
      const slowest = recordTimes(sessions, started, finished).slice(0, 8);
      if (slowest.length > 1) console.log(`Slowest test files (${relative(process.cwd(), TIMES_FILE)}): ${slowest.map(({ file, seconds }) => `${file} ${seconds} s`).join(', ')}`);
    },
    // Also on stop: a run stopped early (browser crash, timeout) never reaches
    // onTestRunFinished, and its unfinished sessions must still count as failures.
    stop({ sessions }) {
      write(sessions);
    },
  };
}
