import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runAgent } from '../../helpers/cli.js';
import { toolPath } from '../../helpers/geth-bin.js';
import { freePorts } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { leftoverProcesses } from '../../helpers/processes.js';

// The exit codes users script against, seen from outside: the real CLI process, real geth found.

test('geth-agent run: a genesis server that never answers exits 69 after the deadline, one clear line, geth never started', { timeout: 30_000 }, async (t) => {
  const root = await tempDir(t, 'ga-x69-');
  const [closed, listen] = await freePorts(2);
  const dataDir = join(root, 'd');
  const result = await runAgent(['run'], {
    GETH_AGENT_ROLE: 'client',
    GETH_AGENT_DATA_DIR: dataDir,
    GETH_AGENT_LISTEN: `127.0.0.1:${listen}`,
    GETH_AGENT_GENESIS_URL: `http://127.0.0.1:${closed}`,
    GETH_AGENT_GENESIS_DEADLINE_SECONDS: '1',
    GETH_AGENT_GETH_BIN: toolPath('geth'),
  }, 20_000);
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.code, 69, output.slice(-2000));
  assert.match(output, /genesis/i);
  assert.match(output, new RegExp(`127\\.0\\.0\\.1:${closed}`), 'the message names the server');
  assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.ok(!(await readdir(dataDir)).includes('geth'), 'no chain was initialized');
  assert.deepEqual(await leftoverProcesses(dataDir), []);
});
