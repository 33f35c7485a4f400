// Mutation testing of the pure core (`npm run mutation`, see scripts/mutation.mjs). Stryker
// mutates the TypeScript sources in a sandbox; the build command compiles the sandbox with tsc (all
// mutants are compiled in at once and switched on one at a time through an environment variable),
// and the command runner runs node's test runner on the compiled unit tests of that module only.
// One Stryker run per module (MUTATION_MODULE): each runs only its own tests, which keeps a run
// at minutes instead of running every core test for every mutant.
const modules = {
  'watchdog-policy': { mutate: ['src/watchdog/policy.ts'], tests: ['watchdog/policy'] },
  'supervise-backoff': { mutate: ['src/supervise/backoff.ts'], tests: ['supervise/backoff'] },
  'geth-args': { mutate: ['src/geth/args/*.ts', '!src/geth/args/types.ts'], tests: ['geth/args/v1_13', 'geth/args/legacy', 'geth/args/tables', 'geth/args/fuzz'] },
  'genesis-build-validate': { mutate: ['src/genesis/build.ts', 'src/genesis/validate.ts'], tests: ['genesis/build', 'genesis/validate-problems', 'genesis/misc', 'genesis/fuzz', 'genesis/fetch-fuzz'] },
  'health-evaluate': { mutate: ['src/health/evaluate.ts'], tests: ['health/evaluate', 'health/evaluate-report'] },
  // config/fuzz (the loader's never-throws sweep) is left out: with ~1,100 mutants it alone would
  // take about an hour on 2 cores. Mutants only it could kill show as survivors in the report.
  config: { mutate: ['src/config/**/*.ts'], tests: ['config/load', 'config/identity-vars', 'config/readme', 'ethstats/config'] },
};

const name = process.env.MUTATION_MODULE ?? '';
const module = modules[name];
if (module === undefined) throw new Error(`MUTATION_MODULE must be one of ${Object.keys(modules).join(', ')}; got ${JSON.stringify(name)}`);
const testFiles = module.tests.map((t) => `dist/test/unit/${t}.test.js`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: module.mutate,
  testRunner: 'command',
  // One process for all of the module's test files: no process start per file, per mutant.
  // FC_RUNS_SCALE shortens the slowest property sweeps (fuzzRuns in test/helpers/fuzz.ts).
  commandRunner: { command: `FC_RUNS_SCALE=0.05 node --test --test-isolation=none --test-reporter=dot ${testFiles.join(' ')}` },
  buildCommand: 'npx tsc -p tsconfig.mutation.json',
  coverageAnalysis: 'off',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 30_000,
  timeoutFactor: 2,
  ignorePatterns: ['dist', '.tools', 'reports', 'bench', 'deploy', '.devnet', 'coverage', '.stryker-tmp', 'test/e2e', 'test/integration', 'test/soak'],
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
