// Web Test Runner: every browser test runs in Debian's Chromium through Playwright.
// The merchant API under test is the real @relais/server handler, one namespace per test
// (`/api/<ns>/…`), each with its own in-memory SQLite store and a fault script.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { testApiMiddleware } from './test/test-api.mjs';
import { summaryReporter } from './test/summary-reporter.mjs';
import { relaisCommands } from './test/commands.mjs';
import { providerRoutes } from './test/provider-routes.mjs';
import { reactAsEsm } from './test/react-as-esm.mjs';
import { serviceWorkerMiddleware } from './test/service-worker-middleware.mjs';
import { defaultReporter } from '@web/test-runner';
import { chromiumLaunchOptions } from './test/e2e/harness.mjs';

export default {
  // The chaos journeys (test/chaos/*.test.ts) run on their own page set-up
  // (test/chaos/web-test-runner.chaos.mjs, via scripts/chaos.mjs: npm test's last step, and
  // `npm run chaos`) so their summary prints.
  files: ['packages/{checkout,sandbox,service-worker,react}/src/**/*.test.ts', 'demo/**/*.test.ts'],
  // '@relais/source': workspace packages from their TypeScript sources (package.json `exports`),
  // so tests never need a build; 'development': Lit's development build (WTR's own default).
  nodeResolve: { exportConditions: ['@relais/source', 'development'] },
  concurrency: 2,
  // Limits with room for a busy 2-core machine: a passing test takes what it takes, never more.
  testFramework: { config: { timeout: 20000 } },
  // Per test file: a chaos shard (test/chaos/) plays 50 journeys, minutes on a busy machine.
  testsFinishTimeout: 300000,
  // Tests run Lit's development build on purpose (extra checks); its banner is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  browserStartTimeout: 60000,
  middleware: [testApiMiddleware(), serviceWorkerMiddleware()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), reactAsEsm(), relaisCommands(), providerRoutes()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: chromiumLaunchOptions,
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
