import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/version.js';

/**
 * ethers is imported by name only (statically, or through src/eth/wallets.ts): a namespace import,
 * `import('ethers')` or `import * as`, makes the bundler keep every export of the library, and an
 * agent that signs once would hold all of it resident for the rest of its run.
 */
test('src/ never imports the whole ethers namespace', () => {
  const src = join(packageRoot(), 'src');
  const namespace = /(?<!typeof\s*)import\(\s*['"]ethers(\/[\w-]+)?['"]\s*\)|import\s*\*\s*as\s+\w+\s+from\s*['"]ethers(\/[\w-]+)?['"]/;
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 100, `read ${files.length} files under ${src}`);
  const offenders = files.filter((f) => namespace.test(readFileSync(join(src, f), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')));
  assert.deepEqual(offenders, []);
});
