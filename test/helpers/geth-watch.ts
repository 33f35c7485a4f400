import { setTimeout as sleep } from 'node:timers/promises';
import { createNodeSource, type NodeSource } from '../../src/ethstats/node-source.js';
import { createIpcHandover } from '../../src/geth/rpc/handover.js';
import { connectIpc } from '../../src/geth/rpc/ipc-client.js';
import type { Logger } from '../../src/log.js';
import { createStateStore, initialNodeState } from '../../src/state/store.js';
import { createObserver } from '../../src/watchdog/observer.js';

export interface GethWatch {
  /** The ethstats source over this watch's state and IPC client, as the agent's reporter reads it. */
  readonly source: NodeSource;
  close(): Promise<void>;
}

/**
 * A geth outside an agent watched the way the agent watches its own (roles/node.ts): one IPC
 * client (connected again after geth restarts, as the runner does at each start), one observer
 * writing the state, the new-heads subscription, and the ethstats source reading both. For tests
 * and benches of the reporter against a geth started by a test helper.
 */
export function watchGeth(options: { readonly ipcPath: string; readonly logger: Logger; readonly callTimeoutMs?: number; readonly reconnectDelayMs?: number; readonly pollMs?: number; readonly role?: 'sealer' | 'client' }): GethWatch {
  const { ipcPath, logger, callTimeoutMs = 5000, reconnectDelayMs = 1000, pollMs = 250 } = options;
  const store = createStateStore(initialNodeState(options.role ?? 'sealer', Date.now()));
  const ipc = createIpcHandover();
  const observer = createObserver({ store, logger, rpc: ipc.current, intervalMs: pollMs, cliquePeriod: 0 });
  const stopped = new AbortController();
  const connections = (async () => {
    while (!stopped.signal.aborted) {
      const client = await connectIpc({ path: ipcPath, timeoutMs: callTimeoutMs, logger }).catch(() => undefined);
      if (client === undefined) {
        await sleep(reconnectDelayMs, undefined, { signal: stopped.signal }).catch(() => undefined);
        continue;
      }
      stopped.signal.addEventListener('abort', () => client.close(), { once: true });
      await client.subscribe('newHeads', (head) => observer.onNewHead(head)).catch(() => undefined);
      ipc.hand(client);
      store.update((s) => ({ geth: { ...s.geth, state: 'running', startedAt: Date.now() } }));
      await observer.poll();
      await client.closed;
      store.update((s) => ({ geth: { ...s.geth, state: 'stopped', startedAt: undefined } }));
    }
  })();
  observer.start();
  const source = createNodeSource({ store, rpc: ipc.current });
  return {
    source,
    async close() {
      stopped.abort();
      source.close();
      await observer.stop();
      await connections;
    },
  };
}
