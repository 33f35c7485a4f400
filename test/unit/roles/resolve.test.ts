import { test } from 'node:test';
import assert from 'node:assert/strict';
import { droppedSummary, isNodeId, lastGoodResolver, resolveLists, type ResolveHost, type ResolutionBounds, type Resolved } from '../../../src/roles/resolve.js';
import { nodeId } from '../../helpers/node-id.js';

/** One list, as the genesis server's list is resolved (capped at maxNodes). */
const resolveBounded = async (enodes: readonly string[], lookup: ResolveHost, bounds: ResolutionBounds): Promise<Resolved> =>
  (await resolveLists({ served: { enodes, maxNodes: bounds.maxNodes } }, lookup, bounds)).served;

const id = nodeId;
const bounds: ResolutionBounds = { deadlineMs: 2_000, nameTimeoutMs: 1_000, maxNames: 16, maxNodes: 16 };
const nxdomain = (): never => {
  throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
};

test('resolve: enode host names become IPs; IPs stay; a name that does not resolve is left out with its reason', async () => {
  const lookup = async (host: string): Promise<string> => {
    if (host === 'boot.example') return '127.3.0.7';
    if (host === 'v6.example') return 'fd00::1';
    return nxdomain();
  };
  const { kept, dropped } = await resolveBounded(
    [`enode://${id(1)}@boot.example:30301?discport=30302`, `enode://${id(2)}@127.0.0.1:30303`, `enode://${id(3)}@v6.example:1`, `enode://${id(4)}@gone.example:1`, 'enode://short@x:1'],
    lookup,
    bounds,
  );
  assert.deepEqual(kept, [`enode://${id(1)}@127.3.0.7:30301?discport=30302`, `enode://${id(2)}@127.0.0.1:30303`, `enode://${id(3)}@[fd00::1]:1`]);
  assert.deepEqual(
    dropped.map((d) => [d.kind, d.reason]),
    [
      ['malformed', 'not an enode URL'],
      ['unresolved', 'gone.example: does not resolve (ENOTFOUND)'],
    ],
  );
});

test('resolve: addresses no boot node can be at are left out (names and literals); loopback stays; NETRESTRICT applies', async () => {
  const answers: Record<string, string> = { 'meta.example': '169.254.169.254', 'local.example': '127.0.0.1', 'ten.example': '10.0.0.5' };
  const lookup = async (host: string): Promise<string> => answers[host] ?? nxdomain();
  const enodes = [`enode://${id(1)}@meta.example:1`, `enode://${id(2)}@local.example:1`, `enode://${id(3)}@224.0.0.1:1`, `enode://${id(4)}@[fe80::1]:1`, `enode://${id(5)}@0.0.0.0:1`, `enode://${id(6)}@ten.example:1`];
  const open = await resolveBounded(enodes, lookup, bounds);
  assert.deepEqual(open.kept, [`enode://${id(2)}@127.0.0.1:1`, `enode://${id(6)}@10.0.0.5:1`]);
  assert.deepEqual(open.dropped.map((d) => d.reason), [
    '224.0.0.1 is a multicast address, never a boot node',
    'fe80::1 is a link-local address, never a boot node',
    '0.0.0.0 is an unspecified address, never a boot node',
    '169.254.169.254 is a link-local address, never a boot node',
  ]);
  const capped = await resolveBounded(enodes.slice(2, 5).concat(`enode://${id(7)}@10.1.1.1:1`), lookup, { ...bounds, maxNodes: 1 });
  assert.deepEqual(capped.kept, [`enode://${id(7)}@10.1.1.1:1`], 'refused literals take no place in the cap');
  const restricted = await resolveBounded(enodes, lookup, { ...bounds, netrestrict: ['127.0.0.0/8'] });
  assert.deepEqual(restricted.kept, [`enode://${id(2)}@127.0.0.1:1`]);
  assert.match(restricted.dropped.at(-1)?.reason ?? '', /10\.0\.0\.5 is outside GETH_AGENT_NETRESTRICT/);
});

test('resolve: at most maxNames names and maxNodes enodes, in list order; duplicates count once', async () => {
  const asked: string[] = [];
  const lookup = async (host: string): Promise<string> => {
    asked.push(host);
    return `127.5.0.${asked.length}`;
  };
  const enodes = [
    `enode://${id(1)}@127.0.0.1:1`,
    `enode://${id(1)}@127.0.0.1:1`,
    ...Array.from({ length: 10 }, (_, i) => `enode://${id(i + 2)}@n${i}.example:1`),
    `enode://${id(3)}@n0.example:2`,
  ];
  const { kept, dropped } = await resolveBounded(enodes, lookup, { ...bounds, maxNames: 3, maxNodes: 5 });
  assert.deepEqual(asked, ['n0.example', 'n1.example', 'n2.example'], 'a name is resolved once');
  assert.deepEqual(kept, [`enode://${id(1)}@127.0.0.1:1`, `enode://${id(2)}@127.5.0.1:1`, `enode://${id(3)}@127.5.0.2:1`, `enode://${id(4)}@127.5.0.3:1`, `enode://${id(3)}@127.5.0.1:2`]);
  assert.deepEqual(droppedSummary(dropped).kinds, { max_names: 7 });
  const capped = await resolveBounded(enodes, lookup, { ...bounds, maxNames: 100, maxNodes: 2 });
  assert.equal(capped.kept.length, 2);
  assert.equal(droppedSummary(capped.dropped).kinds.max_nodes, 10);
  const lists = await resolveLists({ boot: { enodes: enodes.slice(2, 4), maxNodes: 1 }, fixed: { enodes: [`enode://${id(9)}@n9.example:1`], maxNodes: 100 } }, lookup, { ...bounds, maxNames: 1 });
  assert.deepEqual(lists.boot.kept.length, 1);
  assert.deepEqual(lists.fixed.dropped.map((d) => d.kind), ['max_names'], 'one name cap for all lists');
});

test('resolve: a name that never answers is dropped at its timeout; hung lookups hold their slot; the deadline ends the rest', { timeout: 30_000 }, async () => {
  const started: string[] = [];
  let inFlight = 0;
  let most = 0;
  const lookup = (host: string): Promise<string> => {
    started.push(host);
    inFlight += 1;
    most = Math.max(most, inFlight);
    if (host.startsWith('hang')) return new Promise(() => undefined);
    // Answered at once (a microtask): no timer of the resolver can overtake it, however loaded
    // the machine is.
    inFlight -= 1;
    return Promise.resolve('127.0.0.9');
  };
  const enodes = ['fast0', 'hang0', 'fast1', 'fast2', 'hang1', 'fast3', 'fast4'].map((h, i) => `enode://${id(i)}@${h}.example:1`);
  const started0 = Date.now();
  const { kept, dropped } = await resolveBounded(enodes, lookup, { ...bounds, nameTimeoutMs: 100, deadlineMs: 600, concurrency: 2 });
  const elapsed = Date.now() - started0;
  assert.ok(most <= 2, `at most 2 lookups in flight (saw ${most})`);
  assert.deepEqual(started, ['fast0.example', 'hang0.example', 'fast1.example', 'fast2.example', 'hang1.example'], 'once both slots hang, nothing more starts');
  assert.deepEqual(kept.length, 3);
  assert.deepEqual(dropped.map((d) => d.reason.replace(/ \(.*$/, '')), [
    'hang0.example: no answer within 100 ms',
    'hang1.example: no answer within 100 ms',
    'fast3.example: not resolved within the 600 ms resolution deadline',
    'fast4.example: not resolved within the 600 ms resolution deadline',
  ]);
  assert.ok(elapsed >= 550, `ended by the deadline, not before (${elapsed} ms); the test's timeout catches one that never ends`);
});

test('resolve: a hostile directory of 2,000 names costs at most maxNames lookups and one deadline', { timeout: 30_000 }, async () => {
  let lookups = 0;
  const lookup = (): Promise<string> => {
    lookups += 1;
    return new Promise(() => undefined);
  };
  const served = Array.from({ length: 2_000 }, (_, i) => `enode://${id(i)}@h${i}.attacker.example:30303`);
  const { kept, dropped } = await resolveBounded(served, lookup, { ...bounds, nameTimeoutMs: 50, deadlineMs: 300 });
  assert.equal(lookups, 2, 'the two lookup slots hang: nothing more is asked');
  assert.deepEqual(kept, []);
  assert.deepEqual(droppedSummary(dropped).kinds, { max_nodes: 1_984, unresolved: 16 });
  const moreNodes = await resolveBounded(served, lookup, { ...bounds, maxNodes: 1_000, nameTimeoutMs: 50, deadlineMs: 300 });
  assert.deepEqual(droppedSummary(moreNodes.dropped).kinds, { max_names: 1_984, unresolved: 16 }, 'the name cap holds on its own');
  const summary = droppedSummary(dropped);
  assert.equal(summary.first.length, 10);
  assert.ok(JSON.stringify(summary).length < 4_000, 'one bounded warning');
});

test('resolve: an enode whose id is not a secp256k1 public key is dropped (geth would refuse to start with it)', async () => {
  const invalid = `enode://${'c'.repeat(127)}1@127.0.0.1:1`;
  assert.equal(isNodeId(id(3)), true);
  assert.equal(isNodeId('c'.repeat(127) + '1'), false);
  assert.equal(isNodeId('0'.repeat(128)), false);
  const { kept, dropped } = await resolveBounded([invalid, `enode://${id(3)}@127.0.0.1:1`], nxdomain, bounds);
  assert.deepEqual(kept, [`enode://${id(3)}@127.0.0.1:1`]);
  assert.deepEqual(dropped, [{ enode: invalid, kind: 'malformed', reason: 'the node id is not a secp256k1 public key (geth would refuse to start)' }]);
});

test('resolve: the advertised name keeps its last address while it does not resolve; a name that never resolved still fails', async () => {
  let answer: string | undefined = '10.89.0.6';
  const lookup = async (host: string): Promise<string> => {
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' });
    return answer;
  };
  const stale: string[] = [];
  const resolve = lastGoodResolver(lookup, (host, ip) => stale.push(`${host} ${ip}`));
  await assert.rejects(lastGoodResolver(async () => Promise.reject(new Error('EAI_AGAIN')), () => undefined)('sealer-3'), /EAI_AGAIN/);
  assert.equal(await resolve('sealer-3'), '10.89.0.6');
  answer = undefined;
  assert.equal(await resolve('sealer-3'), '10.89.0.6', 'cut off: the last address');
  assert.deepEqual(stale, ['sealer-3 10.89.0.6']);
  await assert.rejects(resolve('other'), /EAI_AGAIN other/);
  answer = '10.89.0.9';
  assert.equal(await resolve('sealer-3'), '10.89.0.9', 'resolves again: the new address');
});
