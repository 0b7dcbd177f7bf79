/**
 * The chaos journeys as a fast-check property, in shards (one test file each, so Web Test Runner
 * plays two at a time). `npm test` plays a fixed seed; `npm run chaos` a fresh one, more runs,
 * and shrinks a failure. A failure prints the seed, the path and the shrunk journey, and the
 * command that replays it.
 */
import fc from 'fast-check';
import { executeServerCommand } from '@web/test-runner-commands';
import { checkInvariants } from './invariants.js';
import { JourneyRun } from './journey.js';
import { faultKinds, journeyArbitrary } from './model.js';

export const SHARDS = 4;
/** Journeys played side by side in one page: most of a journey is waiting. */
export const BATCH = 10;
const STALL_MS = 180_000;
/** `npm test`'s journeys: 200 over the shards, always the same ones. */
const SUITE_RUNS = 200;
const SUITE_SEED = 20261206;

interface ChaosConfig {
  runs?: number;
  seed?: number;
  path?: string;
  /** How long a failure may be shrunk (0: not at all). */
  shrinkMs: number;
  /** Note a failing batch and go on (long runs). */
  keepGoing: boolean;
  /** Print each journey's steps and timings. */
  trace: boolean;
}

export interface ChaosStats {
  shard: number;
  seed: number;
  journeys: number;
  faults: Record<string, number>;
  actions: Record<string, number>;
  checks: number;
  msPerJourney: number[];
  failed: boolean;
  report?: string;
}

function count(into: Record<string, number>, keys: string[]): void {
  for (const key of keys) into[key] = (into[key] ?? 0) + 1;
}

export function chaosShard(shard: number): void {
  const suiteRuns = Math.ceil(SUITE_RUNS / SHARDS);
  describe(`chaos journeys (shard ${shard} of ${SHARDS})`, () => {
    it(`through random outages, reloads, tabs and declines: never charged twice, never paid without a charge, no order lost, every paying shopper told where they stand`, async function () {
      const config = (await executeServerCommand('chaos-config')) as ChaosConfig;
      // A replay (`--replay seed:path`) is one shard's exact journey.
      if (config.path && shard !== 1) return;
      const journeys = config.runs ? Math.ceil(config.runs / SHARDS) : suiteRuns;
      const runs = config.path ? 1 : Math.ceil(journeys / BATCH);
      const seed = config.path ? config.seed! : (config.seed ?? SUITE_SEED) + shard;
      // Limits for a busy machine: a journey takes a few seconds at worst, a shrink many journeys.
      this.timeout(runs * 30_000 + 30_000 + config.shrinkMs);
      const stats: ChaosStats = { shard, seed, journeys: 0, faults: {}, actions: {}, checks: 0, msPerJourney: [], failed: false };
      const batch = fc.array(journeyArbitrary, { minLength: BATCH, maxLength: BATCH });
      // `--keep-going` (long runs): a failing batch is noted with the path that replays it and the
      // run goes on, so one defect does not hide the others (nothing is shrunk then).
      const keptFailures: string[] = [];
      let keepGoing = config.keepGoing && !config.path;
      let runIndex = -1;
      const property = fc.asyncProperty(batch, async (batchJourneys) => {
        runIndex += 1;
        const failures = await Promise.all(batchJourneys.map(async (journey, index) => {
          const started = performance.now();
          const run = new JourneyRun(journey);
          // A journey that never ends is a finding too, not a run that hangs for hours.
          let stalled: ReturnType<typeof setTimeout> | undefined;
          const observation = await Promise.race([
            run.play(),
            new Promise<never>((_, reject) => {
              stalled = setTimeout(() => reject(new Error(`journey ${index + 1} stalled for ${STALL_MS / 1000} s after: ${run.done.join(', ')}\n  journey: ${JSON.stringify(journey)}`)), STALL_MS);
            }),
          ]).finally(() => clearTimeout(stalled));
          const verdict = checkInvariants(journey, observation);
          stats.journeys += 1;
          stats.checks += verdict.checks;
          count(stats.faults, faultKinds(journey));
          count(stats.actions, run.done.map((action) => action.replace(/ \(.*\)$/, '').replace(/ \d+ ms$/, '')));
          stats.msPerJourney.push(Math.round(performance.now() - started));
          if (config.trace) console.log(`journey ${Math.round(performance.now() - started)} ms: ${run.timings.join(', ')} | ${run.done.join(', ')}\n  ${JSON.stringify(journey)}`);
          if (verdict.violations.length === 0) return undefined;
          return [
            `journey ${index + 1} of the batch broke ${verdict.violations.length} invariant(s):`,
            ...verdict.violations.map((violation) => `  - ${violation}`),
            `  what happened: ${run.done.join(', ') || 'nothing could be pressed'}`,
            `  endpoint: ${observation.endpoint}`,
            ...observation.tabs.map((tab) => `  ${tab.name} events: ${tab.events.map((event) => `${event.type.replace('relais-', '')}@${event.load}${event.detail['provider'] ? ` ${String(event.detail['provider'])}` : ''}${event.detail['reason'] ? ` ${String(event.detail['reason'])}` : ''}`).join(', ')}`),
            `  journey: ${JSON.stringify(journey)}`,
          ].join('\n');
        }));
        // After every batch: a long run stopped midway still has its figures.
        await executeServerCommand('chaos-report', stats);
        const broken = failures.filter((failure) => failure !== undefined);
        if (broken.length > 0 && keepGoing) {
          keptFailures.push([`Replay: npm run chaos -- --replay ${seed}:${runIndex}`, ...broken].join('\n'));
          stats.failed = true;
          stats.report = keptFailures.join('\n\n');
          await executeServerCommand('chaos-report', stats);
          return;
        }
        if (broken.length > 0) throw new Error(broken.join('\n'));
      });
      // First the runs, stopping at the first failure; then that failure alone, replayed from its
      // path and shrunk for as long as the run allows (`npm run chaos`: an hour; `npm test`: 45
      // s; --no-shrink: not at all), so the report shows a small journey.
      let details = await fc.check(property, { seed, numRuns: runs, ...(config.path ? { path: config.path } : {}), endOnFailure: true });
      keepGoing = false;
      if (details.failed && config.shrinkMs > 0 && details.counterexamplePath) {
        const first = details;
        const shrunk = await fc.check(property, { seed: first.seed, path: first.counterexamplePath!, interruptAfterTimeLimit: config.shrinkMs });
        if (shrunk.failed && shrunk.counterexamplePath) details = shrunk;
      }
      if (details.failed) {
        stats.failed = true;
        const replay = `npm run chaos -- --replay ${details.seed}:${details.counterexamplePath}`;
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        stats.report = [
          `A journey broke an invariant (seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times${details.interrupted ? ', shrinking cut short' : ''}):`,
          error,
          `Replay it (and shrink it further): ${replay}`,
        ].join('\n');
      }
      await executeServerCommand('chaos-report', stats);
      if (stats.report) throw new Error(stats.report);
    });
  });
}
