import type { Logger } from '../log.js';
import type { RpcCaller } from '../watchdog/observer.js';
import { DEFAULT_TOLERANCE_SECONDS, describeDuplicate, detectDuplicateSigner, type LocalSeal, type RunInterval, type SignedBlock } from './duplicate-guard.js';
import type { RunHistory } from './run-history.js';

export interface DuplicateMonitorOptions {
  /** This sealer's signer address. */
  readonly address: string;
  readonly rpc: () => RpcCaller | undefined;
  readonly logger: Logger;
  /** Called once per episode with the evidence line (health turns DOWN, the log shouts). */
  readonly onDetected: (description: string) => void;
  /** Blocks re-read after each (re)start, to see blocks signed with our key while we were down. */
  readonly lookback?: number;
  /**
   * Runs of earlier agent processes (loaded at the first start) and this one's (saved): blocks
   * signed with our key between recorded runs are judged too. Without it: this process only.
   */
  readonly history?: RunHistory;
  /** At most this many blocks are read back to the end of the previous run. Default 4096. */
  readonly maxGapBlocks?: number;
  readonly nowSeconds?: () => number;
}

const MAX_BLOCKS = 256;

/**
 * Watches for this sealer's key sealing elsewhere (which forks a clique chain): blocks signed by
 * our address while our geth was not running, or that our geth never logged as sealed, or two
 * blocks at one height. Detection only: it reports loudly and marks the node unhealthy; which copy
 * of the key is the legitimate one is the operator's decision.
 */
export function createDuplicateMonitor(options: DuplicateMonitorOptions) {
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const blocks = new Map<string, SignedBlock>();
  const sealed: LocalSeal[] = [];
  const running: RunInterval[] = [];
  let sinceBlock = Number.POSITIVE_INFINITY;
  let checkedUpTo = -1;
  let reported = false;
  let loaded = false;
  let busy: Promise<void> | undefined;

  const readBlock = async (rpc: RpcCaller, number: number): Promise<SignedBlock | undefined> => {
    const block = await rpc.call<{ hash?: string; timestamp?: string } | null>('eth_getBlockByNumber', [`0x${number.toString(16)}`, false]);
    if (typeof block?.hash !== 'string' || typeof block.timestamp !== 'string') return undefined;
    const signer = await rpc.call<string>('clique_getSigner', [block.hash]);
    return typeof signer === 'string' ? { number, hash: block.hash, signer, timestamp: Number.parseInt(block.timestamp, 16) } : undefined;
  };

  const scan = async (from: number, to: number): Promise<void> => {
    const rpc = options.rpc();
    if (rpc === undefined) return;
    for (let n = Math.max(1, from); n <= to; n++) {
      const block = await readBlock(rpc, n).catch(() => undefined);
      // Every check is about blocks signed by our address: only those are kept.
      if (block !== undefined && block.signer.toLowerCase() === options.address.toLowerCase()) blocks.set(block.hash.toLowerCase(), block);
      while (blocks.size > MAX_BLOCKS) blocks.delete(blocks.keys().next().value as string);
    }
    checkedUpTo = Math.max(checkedUpTo, to);
    // Run intervals cover the recorded history (or this agent process only); the guard ignores
    // blocks before the first one, so blocks sealed before any record raise no false alarm.
    const evidence = detectDuplicateSigner({ address: options.address, blocks: [...blocks.values()], running, sealed, sinceBlock });
    if (evidence.length > 0 && !reported) {
      reported = true;
      const description = describeDuplicate(options.address, evidence);
      options.logger.error({ address: options.address, evidence: evidence.slice(0, 5) }, description);
      options.onDetected(description);
    }
  };

  /** The first block in [lo, hi] with a timestamp at or after `time` (hi + 1: none), by bisection. */
  const firstAtOrAfter = async (rpc: RpcCaller, time: number, lo: number, hi: number): Promise<number> => {
    let high = hi + 1;
    let low = lo;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const block = await rpc.call<{ timestamp?: string } | null>('eth_getBlockByNumber', [`0x${mid.toString(16)}`, false]);
      const timestamp = typeof block?.timestamp === 'string' ? Number.parseInt(block.timestamp, 16) : Number.POSITIVE_INFINITY;
      if (timestamp >= time) high = mid;
      else low = mid + 1;
    }
    return low;
  };

  /** Where the scan after a start begins: `lookback` blocks, or back to the end of the previous run. */
  const scanStart = async (rpc: RpcCaller, head: number): Promise<number> => {
    const lookbackStart = head - (options.lookback ?? 64);
    const previous = running[running.length - 2];
    if (previous?.end === undefined) return lookbackStart;
    const lowest = Math.max(1, head - (options.maxGapBlocks ?? 4096));
    const first = await firstAtOrAfter(rpc, previous.end - DEFAULT_TOLERANCE_SECONDS, lowest, head);
    if (first === lowest && lowest > 1) {
      options.logger.warn({ from: lowest, head, since: previous.end }, 'the gap since the last recorded run is longer than the blocks read back; older blocks are not judged');
    }
    return Math.min(lookbackStart, first);
  };

  const serialized = (job: () => Promise<void>): Promise<void> => {
    const next = (busy ?? Promise.resolve()).then(job, job).catch((error: unknown) => options.logger.debug({ err: error }, 'duplicate-signer check failed'));
    busy = next;
    return next;
  };

  return {
    /** A new geth process is ready: what it seals from its current head on is in its log. */
    started(): Promise<void> {
      const start = nowSeconds();
      running.push({ start });
      return serialized(async () => {
        if (!loaded) {
          loaded = true;
          running.unshift(...((await options.history?.load()) ?? []));
        }
        await options.history?.started(start);
        const rpc = options.rpc();
        const head = Number(await rpc?.call<string>('eth_blockNumber', []));
        if (rpc === undefined || !Number.isSafeInteger(head)) return;
        // A failed read-back (IPC timeout) falls back to the plain lookback, never to block 0.
        const from = await scanStart(rpc, head).catch((error: unknown) => {
          options.logger.warn({ err: error }, 'cannot read back to the end of the previous run; checking the last blocks only');
          return head - (options.lookback ?? 64);
        });
        sinceBlock = head + 1;
        await scan(from, head);
      });
    },
    stopped(): void {
      const last = running[running.length - 1];
      if (last !== undefined && last.end === undefined) {
        const end = nowSeconds();
        running[running.length - 1] = { start: last.start, end };
        // After the start's own write (serialized with it).
        void serialized(async () => options.history?.stopped(end));
      }
    },
    /** The last history write (call after stopped() at shutdown). */
    async flush(): Promise<void> {
      await busy;
      await options.history?.flush();
    },
    sealedBlock(seal: { number?: number | undefined; hash?: string | undefined }): void {
      if (seal.number !== undefined && seal.hash !== undefined) sealed.push({ number: seal.number, hash: seal.hash });
      if (sealed.length > MAX_BLOCKS) sealed.shift();
    },
    /** A new head: blocks up to two behind it are checked (our own seal line may still be in flight). */
    head(number: number): Promise<void> {
      void options.history?.heartbeat(nowSeconds());
      const to = number - 2;
      if (to <= checkedUpTo || sinceBlock === Number.POSITIVE_INFINITY) return Promise.resolve();
      return serialized(() => scan(checkedUpTo + 1, to));
    },
  };
}

export type DuplicateMonitor = ReturnType<typeof createDuplicateMonitor>;
