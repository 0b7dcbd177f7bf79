/**
 * better-sqlite3, loaded for the first store opened. Through `require`, not `import`: imported from
 * an ES module, a CommonJS package has each of its dozen files resolved, read and scanned for
 * exports by the ES loader. And with its compiled addon named: otherwise the driver asks
 * `bindings`, which tries a dozen paths and reads a stack trace.
 *
 * The `relais-server` bin carries the driver's JavaScript as one file of its own
 * (scripts/bundle-server.mjs): resolving and reading its thirteen files one by one was the
 * largest single cost of the bin's start-up. That copy talks to the native addon installed beside
 * it, so it is used only when the installed package is the very version it was copied from (the
 * server pins the driver exactly) and its addon is where npm builds it; otherwise, and in the
 * compiled files, the installed package is loaded as usual.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { runWithCodeCache } from './code-cache.js';

/** The bin's own copy of the driver's JavaScript: a file beside the bundle, and the version it was copied from. */
export interface DriverCopy {
  file: string;
  version: string;
}

/** Set by the bin's bundle (scripts/bundle-server.mjs); undefined in the compiled files. */
declare const RELAIS_SQLITE_COPY: DriverCopy | undefined;

export interface SqliteDriver {
  Database: typeof Database;
  /** The compiled addon, when it is where npm builds it. */
  addon?: string;
}

const require = createRequire(import.meta.url);

/** The installed package's directory and version, or undefined when it cannot be read. */
function installed(): { dir: string; version: string } | undefined {
  try {
    const manifest = require.resolve('better-sqlite3/package.json');
    return { dir: dirname(manifest), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
  } catch {
    return undefined;
  }
}

/**
 * Which JavaScript drives the addon: `copy` only with the addon of the version it was copied from;
 * the installed package otherwise. Answers the module to load and the addon path, if any.
 */
export function chooseDriver(
  copy: DriverCopy | undefined,
  found: { dir: string; version: string } | undefined,
  exists: (path: string) => boolean = existsSync,
): { module: string; addon?: string } {
  const candidate = found && join(found.dir, 'build', 'Release', 'better_sqlite3.node');
  const addon = candidate && exists(candidate) ? candidate : undefined;
  if (copy && addon && found?.version === copy.version && exists(copy.file)) return { module: copy.file, addon };
  return addon ? { module: 'better-sqlite3', addon } : { module: 'better-sqlite3' };
}

let loaded: SqliteDriver | undefined;

export function sqliteDriver(): SqliteDriver {
  if (!loaded) {
    const copy = typeof RELAIS_SQLITE_COPY === 'object'
      ? { file: fileURLToPath(new URL(RELAIS_SQLITE_COPY.file, import.meta.url)), version: RELAIS_SQLITE_COPY.version }
      : undefined;
    const { module, addon } = chooseDriver(copy, installed());
    // The copy is written as the bin runs its bundles (wrapped, with its own code cache: code-cache.ts).
    const driver = (module === copy?.file ? runWithCodeCache(module) : require(module)) as typeof Database;
    loaded = addon ? { Database: driver, addon } : { Database: driver };
  }
  return loaded;
}
