import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCli } from '../../../../src/cli.js';
import { ConfigError } from '../../../../src/errors.js';
import { legacyFlags, translateLegacyFlags } from '../../../../src/geth/args/index.js';

const SECRET = 'args-fuzz-secret-9b1c';
const names = [...Object.keys(legacyFlags), 'constructor', '__proto__', 'toString', 'hasownproperty', 'http', 'cache', 'x'];
const argWord = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom('-', '--', '---'), fc.constantFrom(...names), fc.constantFrom('', `=${value}`, '=', '==')).map(([d, n, v]) => `${d}${n}${v}`),
    fc.constantFrom(value, '-', '--', '', '=x', '42'),
    fc.string({ maxLength: 12 }),
  );

test('legacy flags: translated, dropped or a ConfigError naming the flag, never its value; other arguments pass through (property)', () => {
  fc.assert(
    fc.property(fc.array(argWord(SECRET), { maxLength: 8 }), (args) => {
      let out: readonly string[];
      try {
        out = translateLegacyFlags(args).args;
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return assert.ok(!error.message.includes(SECRET) && !error.message.includes('undefined'), error.message);
      }
      const legacy = (a: string): boolean => Object.hasOwn(legacyFlags, /^--?([a-z][a-z0-9.-]*)/.exec(a)?.[1] ?? '');
      if (!args.some(legacy)) assert.deepEqual(out, args);
    }),
    { numRuns: 1000 },
  );
  assert.deepEqual(translateLegacyFlags(['--constructor', '--toString']).args, ['--constructor', '--toString']);
});

test('`geth-agent args` with any GETH_AGENT_GETH_ARGS: exit 0, 64 or 78, never an internal error or the ethstats secret (property)', async () => {
  // GETH_AGENT_GETH_ARGS is not a secret (a bad value is echoed): only the ethstats secret must never show.
  const words = fc.array(fc.oneof(argWord('flag-value'), fc.constantFrom("'a b'", '"x', '\\', '$(id)', '`id`', ';', '|')), { maxLength: 6 }).map((a) => a.join(' '));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('boot', 'sealer', 'client'), words, fc.constantFrom('agent', 'geth'), fc.array(fc.constantFrom('--json', '--nope', 'x'), { maxLength: 2 }), async (role, gethArgs, mode, cliArgs) => {
      const out: string[] = [];
      const env = { GETH_AGENT_ROLE: role, GETH_AGENT_DATA_DIR: '/nonexistent/fuzz', GETH_AGENT_GETH_ARGS: gethArgs, GETH_AGENT_ETHSTATS: `n:${SECRET}@127.0.0.1:3000`, GETH_AGENT_ETHSTATS_MODE: mode, GETH_AGENT_BOOT_MODE: 'geth' };
      const code = await runCli(['args', ...cliArgs], { env, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), signal: new AbortController().signal });
      assert.ok([0, 64, 78].includes(code), `exit ${code}: ${out.join('')}`);
      assert.ok(!out.join('').includes(SECRET), `secret in: ${out.join('')}`);
    }),
    { numRuns: 300 },
  );
});
