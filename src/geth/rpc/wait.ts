import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import { connectIpc, RpcError, type IpcClient } from './ipc-client.js';

export interface WaitIpcOptions {
  readonly path: string;
  readonly timeoutMs: number;
  /** Per-call timeout of the returned client. */
  readonly callTimeoutMs: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Polling interval (default 10 ms for the first 5 s, then 100 ms). */
  readonly intervalMs?: number;
  /** Stop waiting early (e.g. the process exited). */
  readonly gaveUp?: () => boolean;
}

/** Connects once geth's IPC socket answers `eth_blockNumber`; bounded by `timeoutMs`. */
export async function waitForIpc(options: WaitIpcOptions): Promise<IpcClient> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    options.signal?.throwIfAborted();
    if (options.gaveUp?.() === true) throw new RpcError(`gave up waiting for ${options.path}`);
    try {
      const client = await connectIpc({ path: options.path, timeoutMs: options.callTimeoutMs, logger: options.logger });
      try {
        await client.call('eth_blockNumber');
        return client;
      } catch (error) {
        client.close();
        throw error;
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new RpcError(`geth IPC not ready after ${options.timeoutMs} ms (${last})`);
    await sleep(options.intervalMs ?? (Date.now() < deadline - options.timeoutMs + 5000 ? 10 : 100), undefined, options.signal ? { signal: options.signal } : {});
  }
}
