/**
 * The chaos journeys as a fast-check property, in shards (one test file each, each drawing from its
 * own seed; their pages run at once and play one shared queue). `npm test` plays a fixed seed; `npm run chaos` a fresh one, more runs,
 * and shrinks a failure. A failure prints the seed, the path and the shrunk journey, and the
 * command that replays it.
 */
import fc from 'fast-check';
import { executeServerCommand } from '@web/test-runner-commands';
import { checkInvariants } from './invariants.js';
import { JourneyRun } from './journey.js';
import { faultKinds, journeyArbitrary, type Journey } from './model.js';

export const SHARDS = 4;
/** Journeys drawn together (a batch: what a replay plays side by side and a shrink shrinks). */
export const BATCH = 10;
/** Journeys played side by side in one page (one per shard, all at once): most of a journey is waiting. */
export const POOL = 5;
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

/** One journey played and judged: its figures go into `stats`; a broken invariant comes back as a report. */
async function playJourney(journey: Journey, index: number, stats: ChaosStats, trace: boolean): Promise<string | undefined> {
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
  if (trace) console.log(`journey ${Math.round(performance.now() - started)} ms: ${run.timings.join(', ')} | ${run.done.join(', ')}\n  ${JSON.stringify(journey)}`);
  if (verdict.violations.length === 0) return undefined;
  return [
    `journey ${index + 1} of the batch broke ${verdict.violations.length} invariant(s):`,
    ...verdict.violations.map((violation) => `  - ${violation}`),
    `  what happened: ${run.done.join(', ') || 'nothing could be pressed'}`,
    `  endpoint: ${observation.endpoint}`,
    ...observation.tabs.map((tab) => `  ${tab.name} events: ${tab.events.map((event) => `${event.type.replace('relais-', '')}@${event.load}${event.detail['provider'] ? ` ${String(event.detail['provider'])}` : ''}${event.detail['reason'] ? ` ${String(event.detail['reason'])}` : ''}`).join(', ')}`),
    `  journey: ${JSON.stringify(journey)}`,
  ].join('\n');
}

/**
 * The batches fast-check draws for `seed`, run after run, exactly as `fc.check` of the batch
 * property would play them: run `r` is what `--replay <seed>:<r>` plays and shrinks.
 */
function drawBatches(batch: fc.Arbitrary<Journey[]>, seed: number, runs: number): Journey[][] {
  const drawn: Journey[][] = [];
  fc.assert(fc.property(batch, (journeys) => {
    drawn.push(journeys);
  }), { seed, numRuns: runs });
  return drawn;
}

/**
 * Every shard's journeys in one list, as each shard draws them from its own seed (`base + shard`),
 * interleaved so the shards' pages play the shards side by side. A journey keeps its seed and
 * run: what `--replay <seed>:<run>` plays.
 */
function sharedQueue(batch: fc.Arbitrary<Journey[]>, baseSeed: number, runs: number): Array<{ seed: number; run: number; index: number; journey: Journey }> {
  const shards = Array.from({ length: SHARDS }, (_, i) => {
    const seed = baseSeed + i + 1;
    return drawBatches(batch, seed, runs).flatMap((journeys, run) => journeys.map((journey, index) => ({ seed, run, index, journey })));
  });
  return shards[0]!.flatMap((_, position) => shards.map((items) => items[position]!));
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
      const baseSeed = config.seed ?? SUITE_SEED;
      let seed = config.path ? config.seed! : baseSeed + shard;
      // Limits for a busy machine (as test/chaos/web-test-runner.chaos.mjs allows: 90 s per round
      // of POOL journeys), then the time a failure may be shrunk.
      this.timeout(Math.ceil((runs * BATCH) / POOL) * 90_000 + 30_000 + config.shrinkMs);
      const stats: ChaosStats = { shard, seed, journeys: 0, faults: {}, actions: {}, checks: 0, msPerJourney: [], failed: false };
      const batch = fc.array(journeyArbitrary, { minLength: BATCH, maxLength: BATCH });
      // A batch as a replay or a shrink plays it: its ten journeys side by side.
      const property = fc.asyncProperty(batch, async (batchJourneys) => {
        const failures = await Promise.all(batchJourneys.map((journey, index) => playJourney(journey, index, stats, config.trace)));
        await executeServerCommand('chaos-report', stats);
        const broken = failures.filter((failure) => failure !== undefined);
        if (broken.length > 0) throw new Error(broken.join('\n'));
      });

      // The runs: every shard's batches, drawn from the shard's seed, in one queue shared by the
      // shards' pages (the runner hands out the next journey, `chaos-next`): a page that ends its
      // journeys early takes the others' instead of idling while the slowest one ends. Each page
      // plays POOL journeys at a time, the next starting as soon as one ends. A failure stops new
      // journeys everywhere (unless `--keep-going`) and names its batch (seed and run), which is
      // then replayed from its path and shrunk for as long as the run allows (`npm run chaos`: an
      // hour; `npm test`: 45 s; --no-shrink: not at all), so the report shows a small journey.
      let failed: { run: number; report: string } | undefined;
      if (!config.path) {
        const queue = sharedQueue(batch, baseSeed, runs);
        const broken = new Map<string, { seed: number; run: number; reports: string[] }>();
        let played = 0;
        const worker = async () => {
          for (;;) {
            const position = (await executeServerCommand('chaos-next', { total: queue.length })) as number;
            const next = queue[position];
            if (!next) return;
            const { journey, index } = next;
            // A journey that threw (or stalled) fails its batch like a broken invariant: seed, path, replay.
            const failure = await playJourney(journey, index, stats, config.trace)
              .catch((error: unknown) => `journey ${index + 1} of the batch failed: ${error instanceof Error ? error.message : String(error)}\n  journey: ${JSON.stringify(journey)}`);
            // After every ten: a long run stopped midway still has its figures.
            if ((played += 1) % BATCH === 0) await executeServerCommand('chaos-report', stats);
            if (failure === undefined) continue;
            const key = `${next.seed}:${next.run}`;
            const entry = broken.get(key) ?? { seed: next.seed, run: next.run, reports: [] };
            entry.reports.push(failure);
            broken.set(key, entry);
            if (!config.keepGoing) await executeServerCommand('chaos-stop');
          }
        };
        await Promise.all(Array.from({ length: POOL }, worker));
        const failedRuns = [...broken.values()].sort((a, b) => a.seed - b.seed || a.run - b.run);
        if (config.keepGoing && failedRuns.length > 0) {
          // `--keep-going` (long runs): every failing batch with the path that replays it.
          stats.failed = true;
          stats.report = failedRuns.map((entry) => [`Replay: npm run chaos -- --replay ${entry.seed}:${entry.run}`, ...entry.reports].join('\n')).join('\n\n');
        } else if (failedRuns.length > 0) {
          seed = failedRuns[0]!.seed;
          stats.seed = seed;
          failed = { run: failedRuns[0]!.run, report: failedRuns[0]!.reports.join('\n') };
        }
      }
      if (config.path || (failed && config.shrinkMs > 0)) {
        const path = config.path ?? String(failed!.run);
        const details = await fc.check(property, { seed, path, numRuns: 1, ...(config.path ? { endOnFailure: config.shrinkMs === 0 } : {}), interruptAfterTimeLimit: config.shrinkMs || undefined });
        // A replay the time limit cut before its batch ended counts as "failed" for fast-check,
        // with no counterexample: that is no finding, and the runs' own report stands.
        if (details.failed && details.counterexamplePath) {
          const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          failed = { run: -1, report: [
            `A journey broke an invariant (seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times${details.interrupted ? ', shrinking cut short' : ''}):`,
            error,
            `Replay it (and shrink it further): npm run chaos -- --replay ${details.seed}:${details.counterexamplePath}`,
          ].join('\n') };
        } else if (failed) {
          failed.report += details.interrupted ? '\n(its replay did not end within the time allowed to shrink it)'
            : '\n(the batch passed when replayed alone: the failure depends on timing or on the journeys played beside it)';
        } else if (details.interrupted) {
          failed = { run: -1, report: `The replay of seed ${seed}, path ${path} did not end within ${config.shrinkMs / 1000} s` };
        }
      }
      if (failed) {
        stats.failed = true;
        stats.report = failed.run < 0 ? failed.report : [
          `A journey broke an invariant (seed ${seed}, path ${failed.run}, not shrunk):`,
          failed.report,
          `Replay it (and shrink it): npm run chaos -- --replay ${seed}:${failed.run}`,
        ].join('\n');
      }
      await executeServerCommand('chaos-report', stats);
      if (stats.report) throw new Error(stats.report);
    });
  });
}
