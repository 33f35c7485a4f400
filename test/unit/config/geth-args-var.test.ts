import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitArgv } from '../../../src/config/argv.js';
import { loadConfig } from '../../../src/config/load.js';
import { describeConfig } from '../../../src/config/render.js';
import { ConfigError } from '../../../src/errors.js';

// GETH_AGENT_GETH_ARGS through the loader: split like a POSIX shell splits words, never expanded,
// and shown by `check` in a form that splits back to the same arguments.
const base = { GETH_AGENT_ROLE: 'client', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:8080' };

const argsOf = (raw: string): readonly string[] => loadConfig({ ...base, GETH_AGENT_GETH_ARGS: raw }).config.gethArgs;

const problemOf = (raw: string): string => {
  try {
    loadConfig({ ...base, GETH_AGENT_GETH_ARGS: raw });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 1, error.problems.join('\n'));
    return error.problems[0] as string;
  }
  assert.fail(`${raw} was accepted`);
};

const shown = (raw: string): string => {
  const { config, sources } = loadConfig({ ...base, GETH_AGENT_GETH_ARGS: raw });
  return describeConfig(config, sources).find((l) => l.name === 'GETH_AGENT_GETH_ARGS')?.value as string;
};

test('words split on any run of blanks; quotes join them and may be empty', () => {
  assert.deepEqual(argsOf('a  b\tc\n d'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(argsOf(`a "b c" 'd e' f`), ['a', 'b c', 'd e', 'f']);
  assert.deepEqual(argsOf(`x '' "" y`), ['x', '', '', 'y']);
  assert.deepEqual(argsOf(`a'b'"c"d`), ['abcd']);
  assert.deepEqual(argsOf(`--x=''`), ['--x=']);
  assert.deepEqual(argsOf(`''`), ['']);
});

test('backslashes: outside quotes they escape any character, in single quotes nothing', () => {
  assert.deepEqual(argsOf('f\\ g'), ['f g']);
  assert.deepEqual(argsOf('a \\  b'), ['a', ' ', 'b']);
  assert.deepEqual(argsOf('\\a\\b'), ['ab']);
  assert.deepEqual(argsOf(`\\'x`), ["'x"]);
  assert.deepEqual(argsOf(`'a\\b' 'c\\'`), ['a\\b', 'c\\']);
  assert.deepEqual(argsOf(`'a"b'`), ['a"b']);
});

test('backslashes in double quotes escape only " \\ $ and a backtick, like a shell', () => {
  assert.deepEqual(argsOf('"h\\"i"'), ['h"i']);
  assert.deepEqual(argsOf('"a\\\\b"'), ['a\\b']);
  assert.deepEqual(argsOf('"\\$HOME"'), ['$HOME']);
  assert.deepEqual(argsOf('"\\`x\\`"'), ['`x`']);
  assert.deepEqual(argsOf('"a\\b" "\\n"'), ['a\\b', '\\n']);
  assert.deepEqual(argsOf(`"it's"`), ["it's"]);
});

test('splitArgv alone: blanks before the first word make no empty argument', () => {
  // The loader trims values before parsing; the splitter does not rely on it.
  assert.deepEqual(splitArgv(' \t a '), { ok: true, value: ['a'] });
  assert.deepEqual(splitArgv(''), { ok: true, value: [] });
});

test('nothing is expanded or run: shell syntax stays literal', () => {
  assert.deepEqual(argsOf('$(rm -rf /) `x` ;|& $HOME'), ['$(rm', '-rf', '/)', '`x`', ';|&', '$HOME']);
});

test('unbalanced input is a config problem naming what is wrong', () => {
  assert.equal(problemOf('--a "open'), 'GETH_AGENT_GETH_ARGS="--a \\"open": expected arguments (unterminated double quote)');
  assert.equal(problemOf("--a 'open"), 'GETH_AGENT_GETH_ARGS="--a \'open": expected arguments (unterminated single quote)');
  assert.equal(problemOf('--a tail\\'), 'GETH_AGENT_GETH_ARGS="--a tail\\\\": expected arguments (a trailing backslash escapes nothing)');
});

test('`check` shows the arguments quoted so that they split back to the same list', () => {
  assert.equal(shown('--verbosity 4 --identity "my node"'), "--verbosity 4 --identity 'my node'");
  assert.equal(shown(`--x "it's" ''`), `--x 'it'\\''s' ''`);
  assert.equal(shown('--a=b,c:d/e@f%g+h_i.j'), '--a=b,c:d/e@f%g+h_i.j');
  assert.equal(shown('"a;b" "$x"'), `'a;b' '$x'`);
  for (const raw of [`--x "it's" '' "a b"`, '"\\\\" "\\"" a\\ b', `"'" "''"`]) {
    assert.deepEqual(argsOf(shown(raw)), argsOf(raw), raw);
  }
});
