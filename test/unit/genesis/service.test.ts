import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Wallet } from 'ethers';
import { createGenesisService, type SignerMode } from '../../../src/genesis/server/service.js';
import { RefusedDataError } from '../../../src/errors.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { tempDir } from '../../helpers/tmp.js';
import { baseSpec } from './helpers.js';

const addr = (): string => Wallet.createRandom().address;

async function start(genesisPath: string, mode: SignerMode, spec = baseSpec, reset?: string) {
  const log = captureLogger();
  const service = createGenesisService({ genesisPath, mode, spec, reset, logger: log.logger, now: () => new Date('2026-01-02T03:04:05.678Z'), computeHash: async () => `0x${'ab'.repeat(32)}` });
  await service.init();
  await service.close();
  return { service, log };
}

test('static: written once; a restart serves identical bytes; a changed config keeps the stored genesis and logs the difference', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'genesis.json');
  const signers = [addr(), addr()];
  const first = await start(path, { kind: 'static', signers });
  const bytes = await readFile(path);
  assert.deepEqual(first.service.snapshot().document?.bytes, bytes);
  assert.equal(first.service.snapshot().hash, `0x${'ab'.repeat(32)}`);

  const again = await start(path, { kind: 'static', signers });
  assert.deepEqual(again.service.snapshot().document?.bytes, bytes);
  assert.ok(!again.log.text().includes('differs'));

  const changed = await start(path, { kind: 'static', signers: [addr()] }, { ...baseSpec, chainId: 777, period: 9 });
  assert.deepEqual(changed.service.snapshot().document?.bytes, bytes, 'still the stored genesis');
  assert.deepEqual(await readFile(path), bytes, 'the file is untouched');
  const warning = changed.log.lines().find((l) => String(l.msg).includes('differs from the stored genesis'));
  assert.ok(warning);
  assert.deepEqual(warning.differences, ['alloc', 'config.chainId', 'config.clique', 'extraData (signers)']);
});

test('GETH_AGENT_GENESIS_RESET=<sha256 of the stored genesis> moves it aside (never deletes) and builds a new one, once', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'genesis.json');
  await start(path, { kind: 'static', signers: [addr()] });
  const old = await readFile(path);
  const oldSha = createHash('sha256').update(old).digest('hex');
  const wrong = await start(path, { kind: 'static', signers: [addr()] }, baseSpec, 'cd'.repeat(32));
  assert.deepEqual(wrong.service.snapshot().document?.bytes, old, 'a reset naming another genesis does nothing');
  const reset = await start(path, { kind: 'static', signers: [addr()] }, baseSpec, oldSha);
  const files = await readdir(dirname(path));
  assert.ok(files.includes('genesis.json.reset-2026-01-02T03-04-05-678Z'), files.join(','));
  assert.deepEqual(await readFile(join(dirname(path), 'genesis.json.reset-2026-01-02T03-04-05-678Z')), old);
  const fresh = reset.service.snapshot().document?.bytes;
  assert.notDeepEqual(fresh, old);
  const again = await start(path, { kind: 'static', signers: [addr()] }, baseSpec, oldSha);
  assert.deepEqual(again.service.snapshot().document?.bytes, fresh, 'left set, the reset does nothing more');
});

test('collected: registrations survive a restart; sealing happens at N; concurrent registrations are serialized', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'genesis.json');
  const a = await start(path, { kind: 'collected', needed: 3 });
  const [x, y, z, w] = [addr(), addr(), addr(), addr()];
  assert.equal((await a.service.register(x)).status, 201);
  const b = await start(path, { kind: 'collected', needed: 3 });
  assert.deepEqual(b.service.snapshot().signers, [x]);
  const results = await Promise.all([b.service.register(y), b.service.register(z), b.service.register(w), b.service.register(y)]);
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 201, 201, 409]);
  const snap = b.service.snapshot();
  assert.ok(snap.document);
  assert.equal(snap.document.signers.length, 3);
  await b.service.close();
  const c = await start(path, { kind: 'collected', needed: 3 });
  assert.deepEqual(c.service.snapshot().document?.bytes, snap.document.bytes);
});

test('a stored genesis that is not valid is refused (65), never replaced', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'agent', 'genesis.json');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '{"truncated":');
  await assert.rejects(start(path, { kind: 'static', signers: [addr()] }), (error: unknown) => error instanceof RefusedDataError && /GETH_AGENT_GENESIS_RESET/.test(error.message));
  assert.equal(await readFile(path, 'utf8'), '{"truncated":');
});
