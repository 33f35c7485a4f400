import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseDockerfile, readRepoFile, repoPath } from '../../helpers/deploy-files.js';

const pkg = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string>; engines: { node: string } };
const scripts = pkg.scripts;

/** The patterns (quotes kept) of each `node --test` command in a script, options left out. */
function testRuns(name: string): string[][] {
  const script = scripts[name];
  assert.ok(script !== undefined, `package.json has no "${name}" script`);
  return script
    .split('&&')
    .map((command) => command.trim().split(/\s+/))
    .filter((words) => words[0] === 'node' && words[1] === '--test')
    .map((words) => words.slice(2).filter((word) => !word.startsWith('--')));
}

const unquote = (pattern: string): string => pattern.replace(/^'(.*)'$/, '$1');
const matched = (patterns: readonly string[]): string[] => globSync(patterns.map(unquote), { cwd: repoPath() }).sort();

test('package.json: every node --test takes quoted *.test.js globs, never a folder', () => {
  // Node >= 22 reads a folder argument as a module to run (MODULE_NOT_FOUND); an unquoted `**`
  // would be expanded by sh (npm's script shell), which reads it as `*`: one folder deep only.
  for (const name of ['test', 'test:unit', 'test:e2e']) {
    const runs = testRuns(name);
    assert.ok(runs.length > 0, `${name} runs node --test`);
    for (const pattern of runs.flat()) assert.match(pattern, /^'dist\/test\/[a-z0-9-]+\/\*\*\/\*\.test\.js'$/, `${name}: ${pattern}`);
  }
  assert.deepEqual(testRuns('test:unit'), [["'dist/test/unit/**/*.test.js'"]]);
  assert.deepEqual(testRuns('test:e2e'), [["'dist/test/e2e/**/*.test.js'"]]);
});

test('package.json: npm test runs every built test file once, the e2e suite alone after the rest', () => {
  const built = readdirSync(repoPath('dist', 'test'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => join('dist', 'test', file))
    .sort();
  assert.ok(built.length > 100, `the build holds the tests (${built.length} found)`);
  const [together, serial, ...more] = testRuns('test');
  assert.equal(more.length, 0);
  // The hostile-input suite may be empty or absent: its pattern then matches nothing (next test).
  assert.ok(together?.includes("'dist/test/hostile/**/*.test.js'"), 'npm test includes the hostile suite');
  const first = matched(together ?? []);
  const second = matched(serial ?? []);
  assert.deepEqual(second, built.filter((file) => file.startsWith('dist/test/e2e/')));
  assert.deepEqual([...first, ...second].sort(), built, 'every built test file runs exactly once');
});

test('node --test: a glob pattern that matches nothing runs nothing and does not fail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'geth-agent-glob-'));
  try {
    // NODE_TEST_CONTEXT (set for the files this runner starts) would make the nested runner talk
    // to a parent it does not have.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
    const result = await execa(process.execPath, ['--test', '--test-reporter=tap', 'dist/test/absent/**/*.test.js'], { cwd: dir, env, extendEnv: false, reject: false, timeout: 30_000 });
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^# tests 0$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CI pins the Node of the image and the Node of the engines floor, and runs on both', () => {
  const pins = new Map([...readRepoFile('scripts', 'install-node.sh').matchAll(/^\s*\[(\d+)\]="(\d+\.\d+\.\d+) ([0-9a-f]{128})"$/gm)].map((m) => [m[1] as string, m[2] as string]));
  const image = /^node:(\d+)/.exec(parseDockerfile(readRepoFile('Dockerfile')).filter((i) => i.keyword === 'FROM').at(-1)?.args ?? '')?.[1];
  const floor = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
  assert.deepEqual([...pins.keys()].sort(), [floor, image].sort(), 'install-node.sh pins exactly the image major and the floor');
  for (const [major, version] of pins) assert.equal(version.split('.')[0], major);
  const ci = readRepoFile('.ci', 'run');
  assert.match(ci, new RegExp(`bash scripts/install-node\\.sh ${image} ${floor}\\n`));
  // Node of the image first on PATH before anything runs npm; the unit suite again on the floor.
  const runtimeFirst = ci.indexOf(`export PATH="$PWD/.tools/node-${image}/bin:$PATH"`);
  assert.ok(runtimeFirst >= 0 && runtimeFirst < ci.indexOf('npm ci'), `.tools/node-${image}/bin goes first on PATH before npm ci`);
  assert.match(ci, new RegExp(`floor="\\$PWD/\\.tools/node-${floor}/bin"[\\s\\S]*PATH="\\$floor:\\$PATH" npm run test:unit\\n`));
});
