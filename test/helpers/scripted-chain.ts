import type { RpcCaller } from '../../src/watchdog/observer.js';

/** Our signer address and somebody else's, for the duplicate-signer tests. */
export const me = '0x00000000000000000000000000000000000000aa';
export const other = '0x00000000000000000000000000000000000000bb';
export const hashOf = (n: number): string => `0x${n.toString(16).padStart(64, '0')}`;

/** A scripted clique chain over IPC: block n signed by signers[n] (else `other`), timestamp 1000 + n, head read at each call. */
export function scriptedChain(signers: Record<number, string>, head: () => number): RpcCaller {
  return {
    call: async <T>(method: string, params: readonly unknown[] = []): Promise<T> => {
      if (method === 'eth_blockNumber') return `0x${head().toString(16)}` as T;
      if (method === 'eth_getBlockByNumber') {
        const n = Number.parseInt(String(params[0]).slice(2), 16);
        return (n <= head() ? { hash: hashOf(n), timestamp: `0x${(1000 + n).toString(16)}` } : null) as T;
      }
      if (method === 'clique_getSigner') return (signers[Number.parseInt(String(params[0]).slice(2), 16)] ?? other) as T;
      throw new Error(`unexpected ${method}`);
    },
  };
}
