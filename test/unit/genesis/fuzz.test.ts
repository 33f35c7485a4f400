import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { getAddress } from 'ethers';
import { buildCliqueGenesis, serializeGenesis } from '../../../src/genesis/build.js';
import { checkCliqueGenesis, parseGenesisBytes } from '../../../src/genesis/validate.js';
import { createGenesisService } from '../../../src/genesis/server/service.js';
import { initChain } from '../../../src/genesis/guard.js';
import { RefusedDataError } from '../../../src/errors.js';
import { agentPaths } from '../../../src/paths.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { deepArray, nearValid, protoObject, reachCounter } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/tmp.js';
import { baseSpec } from './helpers.js';

const A = '0x00000000000000000000000000000000000000aa';
const genesis = buildCliqueGenesis({ ...baseSpec, signers: [A], prefund: [{ address: A, balance: '5' }] });
const genesisText = serializeGenesis(genesis).toString();
const texts = fc.oneof({ weight: 5, arbitrary: nearValid(JSON.parse(genesisText)) }, fc.string({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1')));

test('genesis JSON: anything is a checked clique genesis or one named problem (property)', () => {
  const reached = reachCounter({ genesis: 30, problem: 300 });
  fc.assert(
    fc.property(texts, fc.constantFrom('', '\ufeff', ' \n'), (text, prefix) => {
      const parsed = parseGenesisBytes(Buffer.from(prefix + text));
      reached.hit(parsed.ok ? 'genesis' : 'problem');
      if (!parsed.ok) return assert.ok(parsed.problem.length < 400, parsed.problem.slice(0, 100));
      const { chainId, signers } = parsed.document;
      assert.ok(Number.isSafeInteger(chainId) && chainId > 0);
      assert.ok(signers.length > 0 && signers.every((s) => s === getAddress(s)));
      assert.equal(checkCliqueGenesis(JSON.parse(text)).ok, true);
    }),
    { numRuns: 1000, examples: [[genesisText, ''], [genesisText, '\ufeff']] },
  );
  reached.assertReached();
});

test('genesis service: a stored genesis or signers file is served or refused (65), never rewritten (property)', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'genesis.json');
  const signersPath = join(dir, 'signers.json');
  await fc.assert(
    fc.asyncProperty(fc.oneof(texts.map((g) => ({ g })), nearValid([A, A.replace('a', 'b')]).map((s) => ({ s }))), async (files) => {
      await rm(path, { force: true });
      await rm(signersPath, { force: true });
      const stored = 'g' in files ? files.g : files.s;
      await writeFile('g' in files ? path : signersPath, stored);
      const mode = 'g' in files ? ({ kind: 'static', signers: [A] } as const) : ({ kind: 'collected', needed: 1000 } as const);
      const service = createGenesisService({ genesisPath: path, mode, spec: baseSpec, logger: captureLogger('info').logger });
      try {
        await service.init();
        if ('g' in files) assert.equal(service.snapshot().document?.bytes.toString(), stored);
      } catch (error) {
        if (!(error instanceof RefusedDataError)) throw error;
      }
      await service.close();
      assert.equal(await readFile('g' in files ? path : signersPath, 'utf8'), stored, 'the file was changed');
    }),
    { numRuns: 200 },
  );
});

test('genesis marker: an unreadable or odd marker is a refusal (65), never another error (property)', { timeout: 60_000 }, async (t) => {
  const dataDir = await tempDir(t);
  const paths = agentPaths(dataDir);
  await mkdir(join(paths.chainDir, 'chaindata'), { recursive: true });
  await mkdir(dirname(paths.genesisMarker), { recursive: true });
  const genesisPath = join(dataDir, 'genesis.json');
  await writeFile(genesisPath, genesisText);
  const marker = { sha256: 'ab'.repeat(32), hash: `0x${'cd'.repeat(32)}`, initializedAt: '2026-01-01T00:00:00.000Z' };
  const other = { path: genesisPath, sha256: 'ef'.repeat(32), genesis, chainId: 4242, signers: [A] };
  await fc.assert(
    fc.asyncProperty(fc.oneof(nearValid(marker), fc.constantFrom(`{"sha256":"${'ab'.repeat(32)}","hash":${protoObject}}`, `{"sha256":"${'ab'.repeat(32)}","hash":${deepArray()}}`)), async (text) => {
      await writeFile(paths.genesisMarker, text);
      await assert.rejects(initChain({ gethBin: '/nonexistent/geth', dataDir, genesis: other, logger: captureLogger('info').logger, env: {} }), RefusedDataError);
      assert.equal(await readFile(paths.genesisMarker, 'utf8'), text);
    }),
    { numRuns: 60 },
  );
});
