import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadConfig } from '../../../src/config/load.js';
import { envName } from '../../../src/config/spec.js';
import { tableEntries } from '../../../src/config/table.js';
import { ConfigError } from '../../../src/errors.js';
import { splitArgv } from '../../../src/config/argv.js';
import { fuzzRuns } from '../../helpers/fuzz.js';

const names = tableEntries().flatMap(([key, spec]) => (spec.secret ? [envName(key), `${envName(key)}_FILE`] : [envName(key)]));
const interesting = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', '0', '-1', '65536', '1e3', '0x', 'true', 'genesis', 'sealer', '::', '[::1]:1', 'a@b:c', '"', "'", '\\', 'http://', '0x' + 'f'.repeat(40)),
  fc.integer().map(String),
);

test('the loader throws nothing but ConfigError, whatever the environment', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string().map((s) => `GETH_AGENT_${s}`)), interesting, { maxKeys: 12 }),
      fc.boolean(),
      (env, fileReadable) => {
        const readFile = (path: string): string => {
          if (!fileReadable) throw Object.assign(new Error('nope'), { code: 'EACCES' });
          return path;
        };
        try {
          const { config } = loadConfig(env, { readFile });
          assert.ok(Object.isFrozen(config));
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          assert.ok(error.problems.length > 0);
        }
      },
    ),
    { numRuns: fuzzRuns(3000) },
  );
});

test('no secret value ever appears in a config error', () => {
  const secretNames = tableEntries().filter(([, s]) => s.secret).map(([k]) => envName(k));
  fc.assert(
    fc.property(fc.constantFrom(...secretNames), fc.string({ minLength: 6 }).filter((s) => s.trim().length >= 6), (name, value) => {
      try {
        loadConfig({ GETH_AGENT_ROLE: 'nope', [name]: value });
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.ok(!error.message.includes(value.trim()), `${name} leaked`);
      }
    }),
    { numRuns: fuzzRuns(500) },
  );
});

test('argv splitting: quotes and escapes, never throws', () => {
  assert.deepEqual(splitArgv(`a "b c" 'd e' f\\ g "h\\"i" ''`), { ok: true, value: ['a', 'b c', 'd e', 'f g', 'h"i', ''] });
  assert.equal(splitArgv('"open').ok, false);
  assert.equal(splitArgv('tail\\').ok, false);
  assert.deepEqual(splitArgv('$(rm -rf /) `x` ;|&'), { ok: true, value: ['$(rm', '-rf', '/)', '`x`', ';|&'] });
  fc.assert(fc.property(fc.string(), (s) => void splitArgv(s)));
  fc.assert(
    fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => !s.includes('\0'))), (args) => {
      const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
      assert.deepEqual(splitArgv(quoted), { ok: true, value: args });
    }),
  );
});
