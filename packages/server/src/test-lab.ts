// Shared by the tests (not a test file itself, and not part of the package): what the server's
// tests use of @relais/lab — its fake providers, fault injection, the demo's page policy. Loaded
// by a variable specifier so that the server's build never depends on the lab (the lab depends
// on the server); the lab is built before these tests run (`tsc -b packages/lab`).
import type { Handler } from './handler.js';
import type { Sandbox } from './lab-loader.js';

/** The part of `@relais/lab`'s fault control these tests script. */
export interface TestFaults {
  script(rule: { method: string; path: string; responses: unknown[] }): void;
  down(on: boolean): void;
  reset(): void;
}

interface LabForTests {
  sandbox: Sandbox;
  DEMO_PAGE_POLICY: string;
  withFaults(handler: Handler, options?: { basePath?: string }): { handler: Handler; faults: TestFaults };
}

const LAB = '@relais/lab';
export const { sandbox, DEMO_PAGE_POLICY, withFaults } = (await import(LAB)) as LabForTests;
