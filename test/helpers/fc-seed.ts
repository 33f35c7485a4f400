// Preloaded with `node --import` to sweep every property test with one chosen seed:
//   FC_SEED=7 node --import ./dist/test/helpers/fc-seed.js --test dist/test/unit/x.test.js
// node --test hands --import to every test file's process, and the file's `fast-check` import is
// the same module instance, so the global seed reaches every fc.assert without touching the tests.
import fc from 'fast-check';

const raw = process.env['FC_SEED'];
if (raw !== undefined && raw !== '') {
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
