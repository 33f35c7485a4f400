import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createObserver, type RpcCaller } from '../../../src/watchdog/observer.js';
import { createStateStore, initialNodeState } from '../../../src/state/store.js';

const logger = pino({ level: 'silent' });
const hash = `0x${'ab'.repeat(32)}`;

function scripted(replies: Record<string, unknown>): RpcCaller {
  return {
    call: async <T>(method: string): Promise<T> => {
      const reply = replies[method];
      if (reply instanceof Error) throw reply;
      return reply as T;
    },
  };
}

test('a full reading lands in the snapshot with its time', async () => {
  let t = 1_000;
  const store = createStateStore(initialNodeState('sealer', 0), () => t);
  const observer = createObserver({
    store,
    logger,
    intervalMs: 1000,
    cliquePeriod: 1,
    address: () => '0x00000000000000000000000000000000000000AA',
    now: () => t,
    rpc: () =>
      scripted({
        admin_peers: [{}, {}],
        eth_getBlockByNumber: { number: '0x10', hash, timestamp: '0x64' },
        txpool_status: { pending: '0x2', queued: '0x0' },
        eth_gasPrice: '0x3b9aca00',
        eth_syncing: false,
        clique_getSnapshot: { number: 16, hash, signers: { '0x00000000000000000000000000000000000000aa': {}, '0x00000000000000000000000000000000000000bb': {} }, recents: { '16': '0x00000000000000000000000000000000000000bb' }, votes: [], tally: {} },
      }),
  });
  await observer.poll();
  t = 2_000;
  const s = store.get();
  assert.deepEqual(s.peers, { value: 2, at: 1_000 });
  assert.deepEqual(s.head?.value, { number: 16, hash, timestamp: 100 });
  assert.deepEqual(s.sync?.value, { syncing: false, current: 16, highest: 16 });
  assert.deepEqual(s.txpool?.value, { pending: 2, queued: 0 });
  assert.equal(s.clique?.value.isSigner, true);
  assert.deepEqual(s.clique?.value.signers, ['0x00000000000000000000000000000000000000aa', '0x00000000000000000000000000000000000000bb']);
  assert.equal(s.clique?.value.signedRecently, false, 'the other signer sealed the head');
  assert.equal(s.gasPrice?.value, 1_000_000_000);
  assert.equal(s.rpc.okAt, 1_000);
  assert.equal(s.rpc.error, undefined);
});

test('malformed replies and failures are failed readings, never a throw or NaN', async () => {
  const store = createStateStore(initialNodeState('client', 0), () => 5);
  const observer = createObserver({
    store,
    logger,
    intervalMs: 1000,
    cliquePeriod: 1,
    now: () => 5,
    rpc: () =>
      scripted({
        admin_peers: 'lots',
        eth_getBlockByNumber: { number: 'NaN', hash: 'x' },
        txpool_status: null,
        eth_syncing: { currentBlock: '0x1', highestBlock: '0x5' },
      }),
  });
  await observer.poll();
  const s = store.get();
  assert.equal(s.peers, undefined);
  assert.equal(s.head, undefined);
  assert.deepEqual(s.sync?.value, { syncing: true, current: 1, highest: 5 });
  assert.equal(s.rpc.okAt, 5);
  assert.match(s.rpc.error ?? '', /admin_peers did not return a list/);

  const dead = createStateStore(initialNodeState('client', 0), () => 9);
  const failing = createObserver({ store: dead, logger, intervalMs: 1000, cliquePeriod: 1, now: () => 9, rpc: () => scripted({ admin_peers: new Error('timeout after 2000 ms') }) });
  await failing.poll();
  assert.equal(dead.get().rpc.okAt, undefined);
  assert.equal(dead.get().rpc.errorAt, 9);
});

test('polls never overlap and stop() waits for the one in flight', async () => {
  let concurrent = 0;
  let maxConcurrent = 0;
  let calls = 0;
  const slow: RpcCaller = {
    call: async <T>(): Promise<T> => {
      concurrent++;
      calls++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 30));
      concurrent--;
      return [] as T;
    },
  };
  const store = createStateStore(initialNodeState('client', 0));
  const observer = createObserver({ store, logger, intervalMs: 1, cliquePeriod: 1, rpc: () => slow });
  observer.start();
  await Promise.all([observer.poll(), observer.poll()]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await observer.stop();
  const after = calls;
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(calls, after, 'no reading after stop');
  assert.ok(maxConcurrent <= 6, `one reading at a time (6 parallel calls inside it), saw ${maxConcurrent}`);
});

test('newHeads notifications update the head between polls', () => {
  const store = createStateStore(initialNodeState('client', 0), () => 7);
  const observer = createObserver({ store, logger, intervalMs: 1000, cliquePeriod: 1, now: () => 7, rpc: () => undefined });
  observer.onNewHead({ number: '0x3', hash, timestamp: '0x10' });
  observer.onNewHead({ garbage: true });
  assert.deepEqual(store.get().head, { value: { number: 3, hash, timestamp: 16 }, at: 7 });
});

test('a reading stuck on a geth that does not answer does not hold back the decisions, and is not started again', async () => {
  const store = createStateStore(initialNodeState('client', 0), () => 5);
  let calls = 0;
  let release: () => void = () => undefined;
  const stuck = new Promise<never>((_resolve, reject) => {
    release = () => reject(new Error('timeout'));
  });
  let decisions = 0;
  const observer = createObserver({
    store,
    logger,
    intervalMs: 20,
    cliquePeriod: 1,
    rpc: () => ({
      call: async <T>(): Promise<T> => {
        calls++;
        return stuck;
      },
    }),
    afterPoll: async () => {
      decisions++;
    },
  });
  observer.start();
  // Four decisions while the one reading hangs (bounded: a loaded machine runs timers late).
  for (const deadline = Date.now() + 5_000; decisions < 4 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  const callsWhileStuck = calls;
  release();
  await observer.stop();
  assert.ok(decisions >= 4, `the watchdog judged ${decisions} times while the reading hung`);
  assert.equal(callsWhileStuck, 6, 'one reading (6 calls at once for a client), never a second one on top');
});
