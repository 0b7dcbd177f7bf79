import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { keyedLock } from './keyed-lock.js';

describe('keyedLock', () => {
  test('tasks for one key run one at a time, in order', async () => {
    const lock = keyedLock();
    const log: string[] = [];
    const task = (name: string, ms: number) => lock('k', async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
    });
    await Promise.all([task('a', 20), task('b', 1), task('c', 1)]);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test('tasks for different keys overlap', async () => {
    const lock = keyedLock();
    let running = 0;
    let most = 0;
    const task = (key: string) => lock(key, async () => {
      most = Math.max(most, ++running);
      await sleep(10);
      running--;
    });
    await Promise.all([task('a'), task('b')]);
    assert.equal(most, 2);
  });

  test('a failed task rejects its caller only; the next task for the key still runs', async () => {
    const lock = keyedLock();
    const failed = lock('k', async () => {
      throw new Error('boom');
    });
    const next = lock('k', async () => 'ran');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
  });
});
