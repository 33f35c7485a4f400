import type { Logger } from '../log.js';
import type { RpcCaller } from '../watchdog/observer.js';
import { describeDuplicate, detectDuplicateSigner, type LocalSeal, type RunInterval, type SignedBlock } from './duplicate-guard.js';

export interface DuplicateMonitorOptions {
  /** This sealer's signer address. */
  readonly address: string;
  readonly rpc: () => RpcCaller | undefined;
  readonly logger: Logger;
  /** Called once per episode with the evidence line (health turns DOWN, the log shouts). */
  readonly onDetected: (description: string) => void;
  /** Blocks re-read after each (re)start, to see blocks signed with our key while we were down. */
  readonly lookback?: number;
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
      if (block !== undefined) blocks.set(block.hash.toLowerCase(), block);
    }
    while (blocks.size > MAX_BLOCKS) blocks.delete(blocks.keys().next().value as string);
    checkedUpTo = Math.max(checkedUpTo, to);
    // Run intervals cover this agent process only; the guard ignores blocks before the first one,
    // so blocks this node sealed under a previous agent process raise no false alarm.
    const evidence = detectDuplicateSigner({ address: options.address, blocks: [...blocks.values()], running, sealed, sinceBlock });
    if (evidence.length > 0 && !reported) {
      reported = true;
      const description = describeDuplicate(options.address, evidence);
      options.logger.error({ address: options.address, evidence: evidence.slice(0, 5) }, description);
      options.onDetected(description);
    }
  };

  const serialized = (job: () => Promise<void>): Promise<void> => {
    const next = (busy ?? Promise.resolve()).then(job, job).catch((error: unknown) => options.logger.debug({ err: error }, 'duplicate-signer check failed'));
    busy = next;
    return next;
  };

  return {
    /** A new geth process is ready: what it seals from its current head on is in its log. */
    started(): Promise<void> {
      running.push({ start: nowSeconds() });
      return serialized(async () => {
        const head = Number(await options.rpc()?.call<string>('eth_blockNumber', []));
        if (!Number.isSafeInteger(head)) return;
        sinceBlock = head + 1;
        await scan(head - (options.lookback ?? 64), head);
      });
    },
    stopped(): void {
      const last = running[running.length - 1];
      if (last !== undefined && last.end === undefined) running[running.length - 1] = { start: last.start, end: nowSeconds() };
    },
    sealedBlock(seal: { number?: number | undefined; hash?: string | undefined }): void {
      if (seal.number !== undefined && seal.hash !== undefined) sealed.push({ number: seal.number, hash: seal.hash });
      if (sealed.length > MAX_BLOCKS) sealed.shift();
    },
    /** A new head: blocks up to two behind it are checked (our own seal line may still be in flight). */
    head(number: number): Promise<void> {
      const to = number - 2;
      if (to <= checkedUpTo || sinceBlock === Number.POSITIVE_INFINITY) return Promise.resolve();
      return serialized(() => scan(checkedUpTo + 1, to));
    },
  };
}

export type DuplicateMonitor = ReturnType<typeof createDuplicateMonitor>;
