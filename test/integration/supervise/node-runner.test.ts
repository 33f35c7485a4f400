import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createNodeRunner, type NodeRunner } from '../../../src/roles/node-runner.js';
import type { GethEvent } from '../../../src/geth/log-line.js';
import { fixtureInitChain, memoryLogger, provisionFixture, until } from '../../helpers/node-fixture.js';
import { tempDir } from '../../helpers/tmp.js';

interface Started {
  runner: NodeRunner;
  done: Promise<number>;
  controller: AbortController;
  events: GethEvent[];
  log: ReturnType<typeof memoryLogger>;
}

async function startRunner(t: import('node:test').TestContext, fixture: Awaited<ReturnType<typeof provisionFixture>>, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const log = memoryLogger();
  const events: GethEvent[] = [];
  const controller = new AbortController();
  const runner = createNodeRunner({
    config: fixture.config,
    logger: log.logger,
    env,
    provision: async () => fixture.provisioned,
    initChain: fixtureInitChain,
    onEvent: (event) => events.push(event),
  });
  const done = runner.run(controller.signal);
  t.after(async () => {
    controller.abort();
    await done.catch(() => undefined);
  });
  return { runner, done, controller, events, log };
}

const head = async (runner: NodeRunner): Promise<number> => Number(await runner.ipc()?.call<string>('eth_blockNumber'));

test('sealer: seals, survives SIGKILL of geth (restart reason crash, head kept), stops cleanly and restarts without loss', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'sealer', { GETH_AGENT_RESTART_INITIAL_SECONDS: '0.05' });
  const first = await startRunner(t, fixture);
  await until(() => first.runner.snapshot().ready, 20_000, 'sealer ready');
  await until(async () => (await head(first.runner)) >= 2, 20_000, 'head >= 2');
  const before = await head(first.runner);
  const pid = first.runner.snapshot().pid as number;
  process.kill(pid, 'SIGKILL');
  await until(() => first.runner.snapshot().restarts.crash === 1 && first.runner.snapshot().ready && first.runner.ipc(), 20_000, 'restart after crash');
  assert.notEqual(first.runner.snapshot().pid, pid);
  assert.ok((await head(first.runner)) >= before, 'archive mode: head not rewound after SIGKILL');
  await until(async () => (await head(first.runner)) > before, 20_000, 'sealing again');

  first.controller.abort();
  const status = await first.done;
  assert.equal(status, 0, 'the agent exits with geth\'s status (0 after a clean stop)');
  assert.ok(first.log.lines.some((l) => l.component === 'geth' && String(l.msg).includes('Got interrupt, shutting down')));
  const sigints = first.log.lines.filter((l) => l.msg === 'stopping geth');
  assert.equal(sigints.length, 1);
  const stoppedHead = Number(first.log.lines.filter((l) => l.component === 'geth' && l.msg === 'Successfully sealed new block').map((l) => (l.fields as Record<string, string>).number).pop());

  const second = await startRunner(t, fixture);
  await until(() => second.runner.snapshot().ready && second.runner.ipc(), 20_000, 'second start ready');
  assert.ok((await head(second.runner)) >= stoppedHead, 'no block lost across a clean stop');
  // geth keeps a marker per unclean run (the SIGKILLed one is reported again on every start): the
  // clean stop must add none.
  const booted = (log: Started['log']): string[] =>
    log.lines.filter((l) => l.msg === 'Unclean shutdown detected').map((l) => (l.fields as Record<string, string>).booted as string);
  const known = new Set(booted(first.log));
  assert.equal(known.size, 1, 'the SIGKILL left one unclean-shutdown marker');
  assert.deepEqual(booted(second.log).filter((b) => !known.has(b)), [], 'no unclean shutdown after the clean stop');
  assert.ok(!second.log.text().includes('Head state missing'), 'no head repair after a clean stop');
  second.controller.abort();
  assert.equal(await second.done, 0);
  assert.ok(!first.log.text().includes('fixture-password') && !second.log.text().includes('fixture-password'), 'password never logged');
  assert.ok(!first.log.text().includes(readFileSync(fixture.provisioned.identity.nodeKeyFile, 'utf8')), 'node key never logged');
});

test('client: serves HTTP JSON-RPC and reaches ready over IPC', { timeout: 40_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'client');
  const started = await startRunner(t, fixture, { ...process.env, GETH_AGENT_NETWORK_SECRET: 'net-s3cret', GETH_VERBOSITY: '3' });
  await until(() => started.runner.snapshot().ready, 20_000, 'client ready');
  const environ = readFileSync(`/proc/${started.runner.snapshot().pid}/environ`, 'utf8');
  assert.ok(!environ.includes('GETH_AGENT_') && !environ.includes('net-s3cret'), 'no GETH_AGENT_* variable (nor secret) in geth\'s environment');
  assert.ok(environ.includes('GETH_VERBOSITY=3'), "geth's own GETH_* variables pass through");
  const started_ = started.log.lines.find((l) => l.component === 'geth' && l.msg === 'HTTP server started');
  assert.ok(started_, 'HTTP server started');
  const endpoint = (started_.fields as Record<string, string>).endpoint as string;
  const reply = await fetch(`http://${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'net_version', params: [] }) });
  assert.equal(((await reply.json()) as { result: string }).result, String(fixture.provisioned.genesis.chainId));
  assert.ok(started.events.some((e) => e.kind === 'p2p-started'));
  started.controller.abort();
  assert.equal(await started.done, 0);
});

test('boot: bootnode prints its enode and is ready; stops on abort', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'boot');
  const started = await startRunner(t, fixture);
  await until(() => started.runner.snapshot().ready, 10_000, 'bootnode ready');
  const event = started.events.find((e) => e.kind === 'p2p-started');
  assert.match(event?.kind === 'p2p-started' ? event.enode : '', /^enode:\/\/[0-9a-f]{128}@/);
  started.controller.abort();
  assert.equal(await started.done, 0);
});

test('boot in geth mode: non-mining geth with discovery on and no mainnet boot nodes', { timeout: 30_000 }, async (t) => {
  const dir = await tempDir(t);
  const fixture = await provisionFixture(dir, 'boot', { GETH_AGENT_BOOT_MODE: 'geth' });
  const started = await startRunner(t, fixture);
  await until(() => started.runner.snapshot().ready, 20_000, 'boot geth ready');
  const info = await started.runner.ipc()?.call<{ enode: string }>('admin_nodeInfo');
  assert.match(info?.enode ?? '', /^enode:\/\//);
  const start = started.log.lines.find((l) => l.msg === 'starting geth');
  assert.ok((start?.args as string[]).includes('--bootnodes'));
  started.controller.abort();
  assert.equal(await started.done, 0);
});
