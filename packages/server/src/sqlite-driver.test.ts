import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseDriver, sqliteDriver } from './sqlite-driver.js';

const ADDON = '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
const COPY = { file: '/app/dist/relais-server-sqlite.cjs', version: '12.11.1' };
const installed = (version: string) => ({ dir: '/app/node_modules/better-sqlite3', version });
const existing = (...paths: string[]) => (path: string) => paths.includes(path);

describe('the SQLite driver', () => {
  test("uses the bin's copy of the driver's JavaScript beside the addon of the version it was copied from", () => {
    assert.deepEqual(chooseDriver(COPY, installed('12.11.1'), existing(ADDON, COPY.file)), { module: COPY.file, addon: ADDON });
  });

  test('loads the installed package when its version is not the one the copy was made from', () => {
    assert.deepEqual(chooseDriver(COPY, installed('12.12.0'), existing(ADDON, COPY.file)), { module: 'better-sqlite3', addon: ADDON });
  });

  test('loads the installed package, which finds its own addon, when the addon is not where npm builds it', () => {
    assert.deepEqual(chooseDriver(COPY, installed('12.11.1'), existing(COPY.file)), { module: 'better-sqlite3' });
  });

  test('loads the installed package when the copy is missing or there is none (the compiled files)', () => {
    assert.deepEqual(chooseDriver(COPY, installed('12.11.1'), existing(ADDON)), { module: 'better-sqlite3', addon: ADDON });
    assert.deepEqual(chooseDriver(undefined, installed('12.11.1'), existing(ADDON, COPY.file)), { module: 'better-sqlite3', addon: ADDON });
    assert.deepEqual(chooseDriver(COPY, undefined, existing(ADDON, COPY.file)), { module: 'better-sqlite3' });
  });

  test('in the compiled files is the installed package with its addon, and opens a database', () => {
    const { Database, addon } = sqliteDriver();
    assert.match(addon ?? '', /better-sqlite3\/build\/Release\/better_sqlite3\.node$/);
    const db = new Database(':memory:', { nativeBinding: addon! });
    try {
      assert.deepEqual(db.prepare('SELECT 1 + 1 AS two').get(), { two: 2 });
    } finally {
      db.close();
    }
  });
});
