import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet, parseUnits } from 'ethers';
import type { Sender, SoakNetwork } from './net.js';
import type { Random } from './random.js';

export interface AckedTx {
  readonly hash: string;
  readonly client: string;
  readonly nonce: number;
}

async function rpc<T>(url: string, method: string, params: readonly unknown[]): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined || body.result === undefined) throw new Error(`${method}: ${body.error?.message ?? 'no result'}`);
  return body.result;
}

/**
 * Bursts of signed transfers through every client, one sender account per client (so nonces
 * never collide across clients). A transaction counts as acknowledged when the client's
 * eth_sendRawTransaction returned its hash: the soak then expects it in every node's chain.
 */
export function startTraffic(net: SoakNetwork, random: Random): { stop(): Promise<void>; acked: AckedTx[]; failures: () => number } {
  const acked: AckedTx[] = [];
  let failures = 0;
  let running = true;
  const burst = async (sender: Sender): Promise<void> => {
    const url = await net.rpcUrl(sender.client);
    if (url === undefined) return;
    // As a Kubernetes Service does: traffic goes only to a client whose readiness is UP. A client
    // that is down, restarting or catching up (a crashed gcmode-full geth comes back rewound and
    // would hand out stale nonces) is not ready.
    if ((await net.health(sender.client)) !== 200) throw new Error('not ready');
    const nonce = Number(await rpc<string>(url, 'eth_getTransactionCount', [sender.wallet.address, 'pending']));
    const count = random.int(1, 6);
    for (let i = 0; i < count; i++) {
      const raw = await sender.wallet.signTransaction({
        type: 2, chainId: net.networkId, nonce: nonce + i, to: Wallet.createRandom().address, value: 1n + BigInt(i),
        gasLimit: 21_000n, maxFeePerGas: parseUnits('20', 'gwei'), maxPriorityFeePerGas: parseUnits('1', 'gwei'),
      });
      const hash = await rpc<string>(url, 'eth_sendRawTransaction', [raw]);
      acked.push({ hash, client: sender.client, nonce: nonce + i });
    }
  };
  const loops = net.senders.map(async (sender) => {
    while (running) {
      // A client that is not ready or refuses: not acknowledged, nothing expected.
      await burst(sender).catch(() => {
        failures++;
      });
      await sleep(random.int(500, 2_500));
    }
  });
  return {
    acked,
    failures: () => failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
