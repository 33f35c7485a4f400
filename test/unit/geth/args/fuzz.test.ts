import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runCli } from '../../../../src/cli.js';
import { ConfigError } from '../../../../src/errors.js';
import { legacyFlags, translateLegacyFlags } from '../../../../src/geth/args/index.js';
import { reachCounter } from '../../../helpers/fuzz.js';

const SECRET = 'args-fuzz-secret-9b1c';
const names = [...Object.keys(legacyFlags), 'constructor', '__proto__', 'toString', 'hasownproperty', 'http', 'cache', 'x'];
const argWord = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom('-', '--', '---'), fc.constantFrom(...names), fc.constantFrom('', `=${value}`, '=', '==')).map(([d, n, v]) => `${d}${n}${v}`),
    fc.constantFrom(value, '-', '--', '', '=x', '42'),
    fc.string({ maxLength: 12 }),
  );

test('legacy flags: translated, dropped or a ConfigError naming the flag, never its value; other arguments pass through (property)', () => {
  const reached = reachCounter({ 'legacy translated': 100, 'passed through': 100, refused: 100 });
  fc.assert(
    fc.property(fc.array(argWord(SECRET), { maxLength: 8 }), (args) => {
      let out: readonly string[];
      try {
        out = translateLegacyFlags(args).args;
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        reached.hit('refused');
        return assert.ok(!error.message.includes(SECRET) && !error.message.includes('undefined'), error.message);
      }
      const legacy = (a: string): boolean => Object.hasOwn(legacyFlags, /^--?([a-z][a-z0-9.-]*)/.exec(a)?.[1] ?? '');
      if (args.some(legacy)) return reached.hit('legacy translated');
      assert.deepEqual(out, args);
      reached.hit('passed through');
    }),
    { numRuns: 1000 },
  );
  reached.assertReached();
  assert.deepEqual(translateLegacyFlags(['--constructor', '--toString']).args, ['--constructor', '--toString']);
});

test('`geth-agent args` with any GETH_AGENT_GETH_ARGS: exit 0, 64 or 78, never an internal error or the ethstats secret (property)', async () => {
  // GETH_AGENT_GETH_ARGS is not a secret (a bad value is echoed): only the ethstats secret must never show.
  // A complete configuration, so runs get past config loading: the exits that print a command line
  // and a TOML holding the (masked) ethstats target are the ones that can leak it.
  const safe = fc.constantFrom('--cache 512', '--verbosity 3', '--maxpeers 50', '--txpool.pricelimit 1', '');
  const noisy = fc.array(fc.oneof(argWord('flag-value'), fc.constantFrom("'a b'", '"x', '\\', '$(id)', '`id`', ';', '|')), { maxLength: 6 }).map((a) => a.join(' '));
  const words = fc.oneof({ weight: 2, arbitrary: safe }, { weight: 3, arbitrary: noisy });
  const cliArgs = fc.oneof({ weight: 3, arbitrary: fc.constantFrom([], ['--json']) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('--json', '--nope', 'x'), { maxLength: 2 }) });
  const reached = reachCounter({ 'printed with geth ethstats': 40, 'printed with agent ethstats': 40, 'exit 64': 10, 'exit 78': 15 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('boot', 'sealer', 'client'), words, fc.constantFrom('agent', 'geth'), cliArgs, async (role, gethArgs, mode, args) => {
      const out: string[] = [];
      const env = { GETH_AGENT_ROLE: role, GETH_AGENT_DATA_DIR: '/nonexistent/fuzz', GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:1', GETH_AGENT_GETH_ARGS: gethArgs, GETH_AGENT_ETHSTATS: `n:${SECRET}@127.0.0.1:3000`, GETH_AGENT_ETHSTATS_MODE: mode, GETH_AGENT_BOOT_MODE: 'geth' };
      const code = await runCli(['args', ...args], { env, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), signal: new AbortController().signal });
      const text = out.join('');
      assert.ok([0, 64, 78].includes(code), `exit ${code}: ${text}`);
      assert.ok(!text.includes(SECRET), `secret in: ${text}`);
      if (code !== 0) return reached.hit(`exit ${code}`);
      assert.match(text, /--datadir/);
      // geth's built-in reporter gets the target through the TOML: printed, with the secret masked.
      if (mode === 'geth') assert.match(text, /Ethstats/);
      reached.hit(`printed with ${mode} ethstats`);
    }),
    { numRuns: 300, examples: [['sealer', '', 'geth', []], ['client', '--cache 512', 'geth', ['--json']], ['boot', '--datadir /x', 'agent', []], ['boot', '', 'agent', ['--nope']]] },
  );
  reached.assertReached();
});
