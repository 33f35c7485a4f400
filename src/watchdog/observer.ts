import type { Logger } from '../log.js';
import type { RpcCall } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';
import { signedRecently } from './policy.js';
import { readCliqueSnapshot, readGasPrice, readHead, readPeerLinks, readPeers, readSyncing, readTxpool, type Check, type PeerLinks } from './readings.js';

/** What the observer needs of an RPC client (the IPC client satisfies it). */
export interface RpcCaller {
  call<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
}

/** Every JSON-RPC method the observer calls (the `method` label of its RPC metrics, each present from the start). */
export const OBSERVER_METHODS = Object.freeze(['admin_peers', 'eth_getBlockByNumber', 'txpool_status', 'eth_gasPrice', 'clique_getSnapshot', 'eth_syncing'] as const);
export type ObserverMethod = (typeof OBSERVER_METHODS)[number];

export interface ObserverOptions {
  readonly store: StateStore;
  /** The current client, undefined while geth is down or not yet connected. */
  readonly rpc: () => RpcCaller | undefined;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Sealer: this node's signer address (is it a signer, did it sign recently); known after provisioning. */
  readonly address?: () => string | undefined;
  readonly cliquePeriod: number;
  readonly now?: () => number;
  /** Called each time the loop runs (liveness). */
  readonly beat?: () => void;
  /** Runs after each reading of the loop, before the next is scheduled (the watchdog's decision). */
  readonly afterPoll?: () => Promise<unknown>;
  /** Called after each reading (metrics). */
  readonly onCall?: (method: ObserverMethod, seconds: number, ok: boolean) => void;
  /** The peers geth dialled out to and those that dialled in, after each good admin_peers reading. */
  readonly onPeerLinks?: (links: PeerLinks) => void;
}

export interface Observer {
  start(): void;
  stop(): Promise<void>;
  /** One reading now (also what the loop runs); never throws, never overlaps itself. */
  poll(): Promise<void>;
  /** A `newHeads` notification: the head is published at once, between polls. */
  onNewHead(reply: unknown): void;
}

/**
 * One polling loop over IPC (a reading never overlaps the previous one) that
 * publishes what it reads into the state store. A reading that fails or times out is recorded
 * as an RPC error; a malformed reply is a failed reading, never a crash.
 */
export function createObserver(options: ObserverOptions): Observer {
  const now = options.now ?? Date.now;
  const log = options.logger;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  /** One call, its timing added to `calls` (published with the reading). */
  const timed = async <T>(calls: RpcCall[], rpc: RpcCaller, method: ObserverMethod, params: readonly unknown[], check: (reply: unknown) => Check<T>): Promise<Check<T>> => {
    const started = performance.now();
    const done = (ok: boolean): void => {
      const seconds = (performance.now() - started) / 1000;
      calls.push({ method, seconds, ok });
      options.onCall?.(method, seconds, ok);
    };
    try {
      const result = check(await rpc.call(method, params));
      done(result.ok);
      return result;
    } catch (error) {
      done(false);
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };

  const readOnce = async (): Promise<void> => {
    const rpc = options.rpc();
    if (rpc === undefined) return;
    const address = options.address?.();
    const startedAt = now();
    const calls: RpcCall[] = [];
    // All calls at once: a geth that does not answer costs one RPC timeout per reading, not several.
    const [peers, head, txpool, gasPrice, snapshot, syncing] = await Promise.all([
      timed(calls, rpc, 'admin_peers', [], (reply) => {
        const count = readPeers(reply);
        if (count.ok) options.onPeerLinks?.(readPeerLinks(reply));
        return count;
      }),
      timed(calls, rpc, 'eth_getBlockByNumber', ['latest', false], readHead),
      timed(calls, rpc, 'txpool_status', [], readTxpool),
      timed(calls, rpc, 'eth_gasPrice', [], readGasPrice),
      // Every role: the signer count tells the watchdog how many signers clique needs.
      timed(calls, rpc, 'clique_getSnapshot', [], readCliqueSnapshot),
      timed(calls, rpc, 'eth_syncing', [], (reply): Check<unknown> => ({ ok: true, value: reply })),
    ]);
    const sync = syncing.ok ? readSyncing(syncing.value, head.ok ? head.value.number : undefined) : syncing;
    const at = now();
    const failures = [peers, head, txpool, sync, snapshot].filter((r): r is { ok: false; reason: string } => !r.ok);
    const anyOk = [peers, head, txpool, sync].some((r) => r.ok);
    options.store.update((s) => ({
      rpc: anyOk
        ? { okAt: at, error: failures[0]?.reason, errorAt: failures.length > 0 ? at : s.rpc.errorAt, calls }
        : { ...s.rpc, error: failures[0]?.reason ?? 'no reply', errorAt: at, calls },
      peers: peers.ok ? { value: peers.value, at } : s.peers,
      // A newHeads notification that arrived during this poll is newer than what the poll read.
      head: head.ok && !(s.head !== undefined && s.head.at > startedAt) ? { value: head.value, at } : s.head,
      txpool: txpool.ok ? { value: txpool.value, at } : s.txpool,
      gasPrice: gasPrice.ok ? { value: gasPrice.value, at } : s.gasPrice,
      sync: sync.ok ? { value: sync.value, at } : s.sync,
      clique: snapshot.ok
        ? {
            value: {
              signers: snapshot.value.signers,
              isSigner: address === undefined ? undefined : snapshot.value.signers.includes(address.toLowerCase()),
              signedRecently: address === undefined ? undefined : signedRecently(snapshot.value, address),
              period: options.cliquePeriod,
            },
            at,
          }
        : s.clique,
    }));
    if (!anyOk) log.debug({ reason: failures[0]?.reason }, 'geth did not answer');
  };

  const poll = (): Promise<void> => {
    inFlight ??= readOnce()
      .catch((error: unknown) => log.error({ err: error }, 'observer reading failed'))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  /** The reading, or one interval, whichever ends first: a stuck reading must not hold the decisions back. */
  const pollBounded = (): Promise<void> =>
    new Promise((resolve) => {
      const bound = setTimeout(resolve, options.intervalMs);
      void poll().then(() => {
        clearTimeout(bound);
        resolve();
      });
    });

  /**
   * Fixed rate: the next reading starts one interval after this one started (monotonic clock), not
   * one interval after it ended, so reading times do not add up over a decay window (12 readings
   * of a 3 s window used to end ~20 ms late). Readings never overlap: a slow one delays the next.
   */
  const schedule = (startedAt: number): void => {
    if (!running) return;
    const delay = Math.max(0, options.intervalMs - (performance.now() - startedAt));
    timer = setTimeout(() => {
      const tick = performance.now();
      options.beat?.();
      // A reading still in flight (geth not answering) is not started again; the watchdog still
      // judges the snapshot every interval, so a hung geth is seen when its readings get too old.
      void pollBounded()
        .then(() => options.afterPoll?.())
        .catch((error: unknown) => log.error({ err: error }, 'after-poll step failed'))
        .then(() => schedule(tick));
    }, delay);
  };

  return {
    start() {
      if (running) return;
      running = true;
      const tick = performance.now();
      void pollBounded().then(() => schedule(tick));
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
    poll,
    onNewHead(reply) {
      const head = readHead(reply);
      if (!head.ok) return;
      const at = now();
      options.store.update((s) => ({ head: { value: head.value, at }, rpc: { ...s.rpc, okAt: at } }));
    },
  };
}
