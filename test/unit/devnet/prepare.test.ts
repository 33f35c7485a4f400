import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { prepareDevnet } from '../../../src/devnet/prepare.js';
import { ethstatsTargetFile } from '../../../src/devnet/plan.js';
import { UnavailableError, UsageError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/tmp.js';

test('devnet folder: options saved in devnet.json; a rerun keeps them, refuses others (64) before writing, and names a saved port in use (69)', async (t) => {
  const dir = join(await tempDir(t, 'ga-dp-'), 'n');
  const first = await prepareDevnet({ dir, sealers: 1, clients: 0, period: 1 });
  assert.equal(first.rerun, false);
  const state = JSON.parse(await readFile(join(dir, 'devnet.json'), 'utf8')) as { topology: unknown; ports: number[] };
  assert.deepEqual(state.topology, { sealers: 1, clients: 0, period: 1 });
  const target = ethstatsTargetFile(dir, 'sealer-1');
  assert.equal((await stat(target)).mode & 0o777, 0o600);
  assert.match(await readFile(target, 'utf8'), /^sealer-1:[0-9a-f]{32}@127\.0\.0\.1:\d+\n$/);

  const again = await prepareDevnet({ dir });
  assert.equal(again.rerun, true);
  assert.deepEqual(again.topology, { sealers: 1, clients: 0, period: 1 });
  assert.deepEqual(again.plans.map((p) => p.ports), first.plans.map((p) => p.ports), 'same ports');

  const before = await readFile(join(dir, 'devnet.json'), 'utf8');
  await assert.rejects(prepareDevnet({ dir, sealers: 3 }), (error: unknown) => error instanceof UsageError && error.exitCode === 64 && /--sealers 3 cannot apply/.test(error.message));
  assert.equal(await readFile(join(dir, 'devnet.json'), 'utf8'), before, 'devnet.json untouched');

  const sealerAgent = first.plans.find((p) => p.name === 'sealer-1')?.ports.agent as number;
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(sealerAgent, '127.0.0.1', resolve));
  t.after(() => blocker.close());
  await assert.rejects(prepareDevnet({ dir }), (error: unknown) => error instanceof UnavailableError && error.exitCode === 69 && error.message.includes(`127.0.0.1:${sealerAgent} (sealer-1 agent)`));
});
