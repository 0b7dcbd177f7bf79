// The edges of relais-server's flags now that node:util's parseArgs reads them: each answer is
// the one the hand-written reader gave (cli.test.ts holds the common cases).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommandLine } from './cli.js';

const error = (args: string[]) => {
  const command = parseCommandLine(args, {});
  assert.ok(!command.ok, JSON.stringify(command));
  return command.error;
};

describe('relais-server flags through parseArgs', () => {
  test('a short flag other than -h is an unexpected argument, quoted as typed', () => {
    assert.equal(error(['-xyz']), 'unexpected argument "-xyz" (flags start with --; see --help)');
  });

  test('-- is an unknown flag, not the end of the flags', () => {
    assert.equal(error(['--', '--port', '1']), 'unknown flag -- (see --help)');
  });

  test('--help with a value is an unknown flag; -h after a bad flag comes too late', () => {
    assert.equal(error(['--help=yes']), 'unknown flag --help (see --help)');
    assert.equal(error(['--nope', '-h']), 'unknown flag --nope (see --help)');
  });

  test('the flags are read in order, first problem first, before any value is checked', () => {
    assert.match(error(['--status-page', 'nope', '--nope']), /^--status-page it needs <method>=<url>/);
    assert.match(error(['--port', 'x', '--status-page', 'nope']), /^--status-page it needs <method>=<url>/);
    assert.equal(error(['--demo=1', '--nope']), '--demo takes no value (see --help)');
  });

  test('a value may start with one dash, never with two; = takes anything but nothing', () => {
    const command = parseCommandLine(['--host', '-h'], {});
    assert.ok(command.ok && !command.help && command.options.host === '-h', JSON.stringify(command));
    assert.equal(error(['--host', '--demo']), '--host needs a value (see --help)');
    assert.equal(error(['--host=']), '--host needs a value (see --help)');
    const inline = parseCommandLine(['--host=--odd'], {});
    assert.ok(inline.ok && !inline.help && inline.options.host === '--odd', JSON.stringify(inline));
  });
});
