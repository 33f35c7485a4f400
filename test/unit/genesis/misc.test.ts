import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Wallet } from 'ethers';
import { parseEnode } from '../../../src/genesis/server/bootnodes.js';
import { bearerMatches } from '../../../src/genesis/routes/auth.js';
import { etagMatches } from '../../../src/genesis/routes/genesis.js';
import { genesisUrlFor } from '../../../src/genesis/fetch.js';
import { genesisStateAfterCheck } from '../../../src/genesis/provision.js';
import { genesisDifferences } from '../../../src/genesis/server/diff.js';
import { createHttpApp } from '../../../src/http/app.js';
import { runCli } from '../../../src/cli.js';
import { parseGenesisBytes } from '../../../src/genesis/validate.js';
import { captureLogger } from '../../helpers/log-capture.js';

test('parseEnode accepts geth enodes and normalizes the id; property: never throws', () => {
  const id = 'A'.repeat(128);
  assert.deepEqual(parseEnode(`enode://${id}@127.3.0.1:30303?discport=30301`), { ok: true, id: 'a'.repeat(128), host: '127.3.0.1', enode: `enode://${'a'.repeat(128)}@127.3.0.1:30303?discport=30301` });
  assert.equal(parseEnode(`enode://${'a'.repeat(128)}@boot-0.boot.svc:30303`).ok, true);
  assert.equal(parseEnode(`enode://${'a'.repeat(128)}@[::1]:30303`).ok, true);
  for (const bad of [`enode://${'a'.repeat(127)}@1.2.3.4:1`, `enode://${'g'.repeat(128)}@1.2.3.4:1`, `enode://${'a'.repeat(128)}@1.2.3.4`, `enr:-abc`, null, {}]) assert.equal(parseEnode(bad).ok, false);
  fc.assert(fc.property(fc.anything(), (v) => assert.equal(typeof parseEnode(v).ok, 'boolean')));
  fc.assert(fc.property(fc.string(), (s) => assert.equal(typeof parseEnode(`enode://${'b'.repeat(128)}@${s}`).ok, 'boolean')));
});

test('bearer auth: exact secret only', () => {
  assert.equal(bearerMatches('Bearer s3cret', 's3cret'), true);
  for (const header of [undefined, '', 'Bearer ', 'Bearer s3cre', 'bearer s3cret', 's3cret', 'Bearer s3cret ']) assert.equal(bearerMatches(header, 's3cret'), false, String(header));
  assert.equal(bearerMatches('Bearer x', undefined), false);
});

test('etag matching and URL resolution', () => {
  assert.equal(etagMatches('"abc"', '"abc"'), true);
  assert.equal(etagMatches('W/"abc", "def"', '"abc"'), true);
  assert.equal(etagMatches('*', '"abc"'), true);
  assert.equal(etagMatches('"abd"', '"abc"'), false);
  assert.equal(genesisUrlFor('http://g:8080'), 'http://g:8080/genesis.json');
  assert.equal(genesisUrlFor('http://g:8080/base/'), 'http://g:8080/base/genesis.json');
  assert.equal(genesisUrlFor('https://x/y/net.json'), 'https://x/y/net.json');
});

test('genesisDifferences names the changed fields', () => {
  assert.deepEqual(genesisDifferences({ config: { chainId: 1, clique: { period: 1 } }, gasLimit: '0x1' }, { config: { chainId: 2, clique: { period: 1 } }, gasLimit: '0x1' }), ['config.chainId']);
});

test('http app: /health/live, /health with checks (a throwing check is a failed check), JSON 404', async (t) => {
  let ok = true;
  const app = createHttpApp({ logger: captureLogger().logger, role: 'genesis', checks: { a: () => ({ ok }), b: () => ({ ok: true, detail: 1 }) } });
  t.after(() => app.close());
  assert.deepEqual((await app.inject({ url: '/health/live' })).json(), { status: 'UP' });
  let res = await app.inject({ url: '/health' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'UP', role: 'genesis', checks: { a: { ok: true }, b: { ok: true, detail: 1 } } });
  ok = false;
  res = await app.inject({ url: '/health' });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json<{ status: string }>().status, 'DOWN');
  assert.equal((await app.inject({ url: '/x' })).statusCode, 404);
});

async function cli(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, { env, stdout: (s) => (out += s), stderr: (s) => (err += s), signal: new AbortController().signal });
  return { code, out, err };
}

test('geth-agent genesis prints the static genesis; collected mode exits 78 with guidance', async () => {
  const signer = Wallet.createRandom().address;
  const printed = await cli(['genesis'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '99', GETH_AGENT_SIGNERS: signer, GETH_AGENT_PREFUND: `0x${'11'.repeat(20)}=5` });
  assert.equal(printed.code, 0, printed.err);
  const parsed = parseGenesisBytes(Buffer.from(printed.out));
  assert.ok(parsed.ok);
  assert.equal(parsed.document.chainId, 99);
  assert.deepEqual(parsed.document.signers, [signer]);
  assert.equal(parsed.document.genesis.alloc[`0x${'11'.repeat(20)}`]?.balance, '0x5');

  const collected = await cli(['genesis'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '99', GETH_AGENT_SEALER_COUNT: '3', GETH_AGENT_NETWORK_SECRET: 'x' });
  assert.equal(collected.code, 78);
  assert.match(collected.err, /GET \/genesis.json/);
  const noSecret = await cli(['check'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '99', GETH_AGENT_SEALER_COUNT: '3' });
  assert.equal(noSecret.code, 78);
  assert.match(noSecret.err, /GETH_AGENT_NETWORK_SECRET/);
  const badPrefund = await cli(['genesis'], { GETH_AGENT_ROLE: 'genesis', GETH_AGENT_NETWORK_ID: '99', GETH_AGENT_SIGNERS: signer, GETH_AGENT_PREFUND: '0x12=5' });
  assert.equal(badPrefund.code, 78);
});

test('genesis re-check: a conflict is set while another genesis is served, cleared once ours is served again', () => {
  const ours = 'a'.repeat(64);
  const other = 'b'.repeat(64);
  assert.deepEqual(genesisStateAfterCheck(ours, { status: 'different', servedSha256: other }), { sha256: ours, conflict: { servedSha256: other } });
  assert.deepEqual(genesisStateAfterCheck(ours, { status: 'same' }), { sha256: ours });
  assert.equal(genesisStateAfterCheck(ours, { status: 'unavailable', reason: 'ECONNREFUSED' }), undefined, 'an unreachable server changes nothing');
});
