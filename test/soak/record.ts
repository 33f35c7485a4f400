import { setTimeout as sleep } from 'node:timers/promises';
import type { SoakNetwork } from './net.js';

export type FaultKind =
  | 'kill-geth' | 'stop-geth' | 'term-agent' | 'restart-boot' | 'restart-genesis' | 'drop-peers' | 'malformed'
  // Pods only: a node cut off the network and healed, a node rescheduled at a new address, a container killed.
  | 'partition' | 'address-change' | 'kill-container';

/** What happened to one injected fault: the soak's evidence for the summary and the invariants. */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  /** ms since the soak started. */
  readonly at: number;
  detected: boolean;
  recovered: boolean;
  /** Injection -> recovered (ms). */
  recoverMs?: number;
  /** Invariants this fault broke (empty: all held). */
  readonly problems: string[];
  readonly notes: string[];
}

export const newRecord = (kind: FaultKind, target: string, at: number): FaultRecord => ({ kind, target, at, detected: false, recovered: false, problems: [], notes: [] });

export interface HealthSample {
  readonly at: number;
  readonly code: number;
}

/** Polls one node's /health in the background (every 200 ms) until stopped: the red/green evidence. */
export function watchHealth(net: SoakNetwork, name: string): { stop(): Promise<HealthSample[]> } {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push({ at: Date.now(), code: await net.health(name) });
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Readiness of a node that is back: /health 200 (peers, fresh head, IPC, signer checks per role). */
export const healthy = async (net: SoakNetwork, name: string): Promise<boolean> => (await net.health(name)) === 200;

/**
 * `healthy`, remembering which checks failed (from /status) while it did not hold: a slow
 * recovery's note then says what held it back.
 */
export function readiness(net: SoakNetwork, name: string): { check: () => Promise<boolean>; failing: Map<string, number> } {
  const failing = new Map<string, number>();
  return {
    failing,
    check: async () => {
      const code = await net.health(name);
      if (code === 200) return true;
      const status = code === 0 ? undefined : await net.status(name);
      const checks = code === 0 ? ['agent down'] : Array.isArray(status?.failing) ? status.failing : [`health ${code}`];
      for (const check of checks) failing.set(check, (failing.get(check) ?? 0) + 1);
      return false;
    },
  };
}

/** "peers x12, sealing x3": the checks that failed while waiting, most frequent first. */
export const failingSummary = (failing: ReadonlyMap<string, number>): string =>
  [...failing.entries()].sort((a, b) => b[1] - a[1]).map(([check, n]) => `${check} x${n}`).join(', ');
