import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRepoFile } from '../../helpers/deploy-files.js';
import { splitFences } from '../../helpers/markdown.js';

test('the README keeps its two set-up commands, the one .ci/run runs among them, and stays short', () => {
  const readme = readRepoFile('README.md');
  const commands = splitFences(readme).fences.filter((f) => f.info === 'sh').flatMap((f) => f.body.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim());
  assert.ok(commands.includes('npm ci && npm run devnet'), 'the devnet command');
  assert.ok(commands.includes('npm ci && npm test'), 'the test command');
  // .ci/run installs from a clean clone (npm ci) and then runs the README's test command.
  const ci = readRepoFile('.ci', 'run').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
  assert.ok(ci.includes('npm ci --no-audit --no-fund') && ci.includes('npm test'), '.ci/run runs npm ci, then npm test');
  assert.match(readme, /```mermaid\n/, 'the roles and start-up diagram');
  const lines = readme.split('\n').length;
  assert.ok(lines >= 100 && lines <= 200, `README.md is ${lines} lines: details belong in docs/`);
});
