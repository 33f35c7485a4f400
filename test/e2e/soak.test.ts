import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { packageRoot } from '../../src/version.js';
import { toolPath } from '../helpers/geth-bin.js';
import { spawnTestProcess } from '../helpers/geth-process.js';

// The short soak: the reference topology under about a minute of seeded faults (every kind once),
// with every invariant checked. `npm run soak -- --minutes 10` is the long one.
test('short soak: every fault detected and recovered, nothing lost, no secret logged, nothing left running', { timeout: 420_000 }, async (t) => {
  const soak = spawnTestProcess(process.execPath, [join(packageRoot(), 'dist', 'test', 'soak', 'main.js'), '--minutes', '1', '--seed', '20261122', '--settle', '90'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GETH_AGENT_GETH_BIN: toolPath('geth') },
  });
  t.after(() => soak.stop(120_000));
  const exit = await soak.exited;
  const output = soak.lines.join('\n');
  assert.equal(exit.exitCode, 0, output.slice(-6000));
  assert.match(output, /every invariant held/);
  for (const kind of ['kill-geth', 'stop-geth', 'term-agent', 'restart-boot', 'restart-genesis', 'drop-peers', 'malformed']) {
    const row = new RegExp(`^${kind}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s`, 'm').exec(output);
    assert.ok(row !== null, `${kind} was injected`);
    assert.ok(row[1] === row[2] && row[2] === row[3], `${kind}: every injection detected and recovered (${row[0]})`);
  }
});
