import type { IpcClient } from './ipc-client.js';

/**
 * Where the one IPC client of a node agent is handed over: the runner opens it each time geth is
 * ready (and closes it when geth stops); readers call current(), and whoever must act on a new
 * client (the observer's head subscription) registers onReady. A closed client is current no more.
 */
export interface IpcHandover {
  /** The client of the running geth; undefined while geth is down or not answering yet. */
  current(): IpcClient | undefined;
  /** Called with each new client, once geth answers on it; returns the unsubscribe. */
  onReady(listener: (client: IpcClient) => void): () => void;
}

export function createIpcHandover(): IpcHandover & { hand(client: IpcClient): void } {
  let client: IpcClient | undefined;
  const listeners = new Set<(client: IpcClient) => void>();
  return {
    current: () => client,
    onReady(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    hand(next) {
      client = next;
      void next.closed.then(() => {
        if (client === next) client = undefined;
      });
      for (const listener of listeners) listener(next);
    },
  };
}
