import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../helpers/tmp.js';
import { dataDirOf, startAgent, waitForHttp } from '../helpers/agents.js';
import { enodeOf, fastNodeEnv, nodePorts, portEnv, startGenesisAgent, waitForMetrics, type NodePorts } from '../helpers/network.js';
import { blocks, gethIpc, membership, newWallet, OPERATOR, same, signersCli, waitForMembership } from '../helpers/signers.js';

const SECRET = 'e2e-signers-network-secret-0b7c';
const PASSWORD = 'e2e-signers-keystore-pw-31';

/**
 * The elastic signer set on real geth: 3 sealers seal the genesis; a 4th registers (a candidate,
 * running synced without sealing; nothing changes in `manual` until the operator approves), is
 * approved with `geth-agent signers approve` (the genesis server restarts right after: nothing is
 * lost), the three agents vote it in and it seals; one sealer is removed, voted out, stops sealing
 * and says why, without crash-looping; a removal that would break the quorum is refused. The chain
 * keeps its period throughout.
 */
test('signers: a candidate is approved and voted in, a signer voted out, a quorum-breaking removal refused', { timeout: 300_000 }, async (t) => {
  const root = await tempDir(t, 'ga-sg-');
  const started = Date.now();
  const genesisEnv = {
    GETH_AGENT_SEALER_COUNT: '3',
    GETH_AGENT_NETWORK_SECRET: SECRET,
    GETH_AGENT_OPERATOR_SECRET: OPERATOR,
    GETH_AGENT_SIGNER_REPORT_TTL_SECONDS: '4',
    GETH_AGENT_NETWORK_ID: String(7000 + Math.floor(Math.random() * 1000)),
    GETH_AGENT_CLIQUE_PERIOD: '1',
    // A short epoch: pending votes are reset every 8 blocks while a change is voted on.
    GETH_AGENT_CLIQUE_EPOCH: '8',
  };
  const genesis = await startGenesisAgent(t, root, genesisEnv, '/signers');
  const genesisUrl = genesis.url;

  const wallets = [newWallet(), newWallet(), newWallet(), newWallet()];
  const ports: NodePorts[] = [];
  for (let i = 0; i < 4; i++) ports.push(await nodePorts());
  const envOf = (i: number, bootnodes: readonly string[]): Record<string, string> =>
    fastNodeEnv(genesisUrl, {
      GETH_AGENT_ROLE: 'sealer',
      GETH_AGENT_DATA_DIR: dataDirOf(root, `s${i + 1}`),
      GETH_AGENT_PRIVATE_KEY: (wallets[i] as (typeof wallets)[number]).privateKey,
      GETH_AGENT_PASSWORD: PASSWORD,
      GETH_AGENT_NETWORK_SECRET: SECRET,
      GETH_AGENT_SIGNER_POLL_SECONDS: '0.5',
      GETH_AGENT_MIN_PEERS: '1',
      GETH_AGENT_PEER_DECAY_SECONDS: '15',
      GETH_AGENT_START_GRACE_SECONDS: '5',
      GETH_AGENT_LOG_LEVEL: 'info',
      ...(bootnodes.length === 0 ? {} : { GETH_AGENT_BOOTNODES: bootnodes.join(',') }),
      ...portEnv(ports[i] as NodePorts),
    });
  // Every sealer knows the others' enodes (discovery on, no boot agent needed).
  const enodes: string[] = [];
  for (let i = 0; i < 4; i++) enodes.push(await enodeOf(envOf(i, [])));
  const envs = [0, 1, 2, 3].map((i) => envOf(i, enodes.filter((_, j) => j !== i)));
  const sealers = [0, 1, 2].map((i) => startAgent(t, `s${i + 1}`, envs[i] as Record<string, string>));
  const address = (i: number): string => (wallets[i] as (typeof wallets)[number]).address;

  // The three register, the genesis is sealed with them, they seal and report.
  await waitForMembership(genesisUrl, (m) => m.signers.length === 3 && m.signers.every((s) => s.live && s.sealing), 90_000, 'three signers sealing and reporting');
  const s1 = await gethIpc(t, dataDirOf(root, 's1'));

  // A 4th sealer registers after the genesis: a candidate. Its agent runs geth synced, does not
  // seal, and says so (health, metric); in `manual` nothing changes without the operator.
  const candidate = startAgent(t, 's4', envs[3] as Record<string, string>);
  await waitForMembership(genesisUrl, (m) => m.candidates.some((c) => same(c.address, address(3)) && c.state === 'candidate' && c.live), 60_000, 'candidate reporting');
  const candidateHealth = JSON.parse(await waitForHttp(`http://127.0.0.1:${ports[3]?.http}/health`, (_s, body) => body.includes('"candidate"'), 30_000)) as { checks: Record<string, { ok: boolean; value: unknown; detail?: string }> };
  assert.equal(candidateHealth.checks.signer?.ok, true);
  assert.match(candidateHealth.checks.signer?.detail ?? '', /candidate/);
  await waitForMetrics(ports[3]?.http as number, (m) => m.get('geth_agent_signer_membership{state="candidate"}') === 1, 10_000, 'candidate membership metric');
  await sleep(3_000);
  const untouched = await membership(genesisUrl);
  assert.equal(untouched.signers.length, 3, 'manual admission: no signer added without the operator');
  assert.deepEqual(untouched.changes, []);
  assert.deepEqual(await s1.call('clique_proposals'), {}, 'manual admission: no vote cast without the operator');

  // The operator approves; the genesis server restarts right away: the change is on disk.
  const approvedAt = Number(await s1.call<string>('eth_blockNumber'));
  const approved = await signersCli(genesisUrl, ['approve', address(3)]);
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /approved/);
  await genesis.agent.stop(20_000);
  const restarted = startAgent(t, 'genesis-again', {
    GETH_AGENT_ROLE: 'genesis',
    GETH_AGENT_DATA_DIR: dataDirOf(root, 'g'),
    GETH_AGENT_LISTEN: `127.0.0.1:${genesis.port}`,
    ...genesisEnv,
  });
  const added = await waitForMembership(genesisUrl, (m) => m.signers.length === 4 && m.changes.some((c) => c.id === 1 && c.state === 'done'), 60_000, 'candidate voted in');
  assert.ok(added.signers.some((s) => same(s.address, address(3))));
  // It seals by itself once authorized.
  let firstSealed: number | undefined;
  const sealDeadline = Date.now() + 60_000;
  while (firstSealed === undefined && Date.now() < sealDeadline) {
    firstSealed = (await blocks(s1, approvedAt)).find((b) => same(b.signer, address(3)))?.number;
    if (firstSealed === undefined) await sleep(500);
  }
  assert.ok(firstSealed !== undefined, 'the new signer sealed a block');
  const fromApproval = firstSealed - approvedAt;
  t.diagnostic(`blocks from approval (head ${approvedAt}) to the first block sealed by the new signer (${firstSealed}): ${fromApproval}`);
  assert.ok(fromApproval <= 30, `sealed within 30 blocks of the approval (took ${fromApproval})`);
  await waitForMetrics(ports[3]?.http as number, (m) => m.get('geth_agent_signer_membership{state="signer"}') === 1, 20_000, 'new signer membership metric');
  // Its proposal is discarded once the change is in effect.
  await waitForHttp(`http://127.0.0.1:${ports[0]?.http}/status`, (_s, body) => !body.includes('"voting":true'), 20_000);

  // The operator removes s3: the others vote it out; it stops sealing, says why, keeps running.
  const removed = await signersCli(genesisUrl, ['remove', address(2)]);
  assert.equal(removed.code, 0, removed.stderr);
  const out = await waitForMembership(genesisUrl, (m) => m.signers.length === 3 && m.changes.some((c) => c.action === 'remove' && c.state === 'done'), 60_000, 'signer voted out');
  const doneBlock = out.changes.find((c) => c.action === 'remove')?.doneBlock as number;
  const s3Health = JSON.parse(await waitForHttp(`http://127.0.0.1:${ports[2]?.http}/health`, (_s, body) => body.includes('"removed"'), 30_000)) as { checks: Record<string, { value: unknown; detail?: string }> };
  assert.match(s3Health.checks.signer?.detail ?? '', /voted out/);
  await waitForMetrics(ports[2]?.http as number, (m) => m.get('geth_agent_signer_membership{state="removed"}') === 1, 10_000, 'removed membership metric');
  assert.ok((sealers[2]?.lines ?? []).some((l) => l.includes('not sealing: voted out')), 'the removed sealer says why it stopped sealing');
  await sleep(4_000);
  assert.equal(sealers[2]?.isRunning(), true, 'the removed sealer keeps running (no crash loop)');
  const after = await blocks(s1, doneBlock + 1);
  assert.ok(after.length >= 3, `blocks after the removal: ${after.length}`);
  assert.ok(after.every((b) => !same(b.signer, address(2))), 'no block sealed by the removed signer after its removal');

  // The chain kept its period while the set grew and shrank: from the approval to a few blocks
  // after the removal. (Not from block 1: sealers starting together may each seal their own block
  // 1 and wait for the others, a clique start-up stall the watchdog ends by a restart. Not after
  // s2 stops: with exactly a quorum sealing, clique can stall likewise on equal-difficulty forks.)
  await sleep(3_000);
  const chain = await blocks(s1, approvedAt);
  const gaps = chain.slice(1).map((b, i) => b.timestamp - (chain[i] as { timestamp: number }).timestamp);
  const maxGap = Math.max(...gaps);
  const at = chain[gaps.indexOf(maxGap) + 1]?.number;
  const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  t.diagnostic(`${chain.length} blocks, mean gap ${meanGap.toFixed(2)} s, max gap ${maxGap} s before block ${at} (period 1 s); test ${(Date.now() - started) / 1000} s`);
  assert.ok(meanGap <= 1.5, `mean block gap ${meanGap}; max ${maxGap} s before block ${at}`);
  assert.ok(maxGap <= 5, `max block gap ${maxGap} before block ${at}`);

  // A removal that would break the quorum is refused: with s2 stopped, {s1, s2, s4} minus s4
  // leaves 2 signers (quorum 2) of which only s1 seals.
  await sealers[1]?.stop(30_000);
  await waitForMembership(genesisUrl, (m) => m.signers.some((s) => same(s.address, address(1)) && !s.live), 30_000, 's2 silent');
  const refused = await signersCli(genesisUrl, ['remove', address(3)]);
  assert.equal(refused.code, 65, `${refused.stdout}\n${refused.stderr}`);
  assert.match(refused.stderr, /quorum/);
  const list = await signersCli(genesisUrl, ['list']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /signers \(3\)/);
  assert.equal((await membership(genesisUrl)).changes.filter((c) => c.state === 'pending').length, 0, 'the refused removal recorded nothing');

  // Secrets stay secret.
  const all = [genesis.agent, restarted, ...sealers, candidate].flatMap((a) => a.lines).join('\n') + list.stdout + refused.stderr;
  for (const secret of [SECRET, OPERATOR, PASSWORD]) assert.ok(!all.includes(secret), 'a secret leaked into the output');
});
