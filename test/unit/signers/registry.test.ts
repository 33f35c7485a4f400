import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createSignerRegistry, type Admission } from '../../../src/signers/registry.js';
import type { SignerReport } from '../../../src/signers/report.js';
import { tempDir } from '../../helpers/tmp.js';
import { captureLogger } from '../../helpers/log-capture.js';

const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const three = [addr(1), addr(2), addr(3)];

async function registry(dir: string, admission: Admission, clock: { now: number }) {
  const r = createSignerRegistry({ genesisPath: join(dir, 'genesis.json'), admission, reportTtlMs: 10_000, maxCandidates: 4, logger: captureLogger().logger, now: () => clock.now });
  await r.init(three);
  return r;
}

const report = (address: string, block: number, timestamp: number, signers = three): SignerReport => ({
  address, network: 1, timestamp, block, hash: `0x${'ab'.repeat(32)}`, signers, sealing: three, votes: [], proposals: {}, mining: true,
});

test('manual: a candidate waits for the operator; auto: approved once the signers report sealing', async (t) => {
  for (const admission of ['manual', 'auto'] as const) {
    const dir = await tempDir(t, 'ga-reg-');
    const clock = { now: 1_000_000 };
    const r = await registry(dir, admission, clock);
    assert.deepEqual(await r.register(addr(4)), { status: 201, state: 'candidate' });
    for (const [i, s] of three.entries()) assert.equal(await r.report(report(s, 10, clock.now + i)), 'accepted');
    assert.equal(await r.report(report(addr(4), 10, clock.now)), 'accepted');
    assert.equal(await r.report(report(addr(9), 10, clock.now)), 'unknown', 'an address the server does not know is not taken');
    const changes = r.view().changes;
    if (admission === 'manual') assert.deepEqual(changes, [], 'manual: nothing without the operator');
    else assert.deepEqual(changes.map((c) => [c.address, c.action, c.state, c.by]), [[addr(4), 'add', 'pending', 'auto']]);
  }
});

test('the ledger survives a restart of the server mid-change; a stale report is not taken', async (t) => {
  const dir = await tempDir(t, 'ga-reg-');
  const clock = { now: 2_000_000 };
  const first = await registry(dir, 'manual', clock);
  await first.register(addr(4));
  for (const s of three) await first.report(report(s, 10, clock.now));
  await first.report(report(addr(4), 10, clock.now));
  assert.equal((await first.approve(addr(4))).status, 201);
  await first.close();
  assert.match(await readFile(join(dir, 'signer-changes.json'), 'utf8'), new RegExp(addr(4)));

  const second = await registry(dir, 'manual', clock);
  const change = second.view().changes[0];
  assert.deepEqual([change?.id, change?.state, change?.active], [1, 'pending', true]);
  await second.report(report(addr(1), 12, clock.now + 1, [...three, addr(4)]));
  assert.equal(second.view().changes[0]?.state, 'done');
  assert.equal(await second.report(report(addr(1), 13, clock.now)), 'stale');
  const third = await registry(dir, 'manual', clock);
  assert.equal(third.view().changes[0]?.state, 'done');
  assert.equal(third.view().signers.length, 4);
});
