import { Wallet } from 'ethers';
import { pino } from 'pino';
import { registerSigner } from '../../../src/identity/register.js';
import { pooled, sourcedClient } from './http.js';

export interface ChallengeTarget {
  readonly url: string;
  readonly secret: string;
}

export interface ChallengeFloodResult {
  /** Replies by status. */
  readonly statuses: Record<string, number>;
  readonly ms: number;
}

/**
 * Requests `count` registration challenges (`GET /signers/challenge`, the secret holder's right),
 * `concurrency` at once, spread over `sources` loopback addresses (127.0.<n>.<m>), so that a
 * per-source limit alone would not stop it.
 */
export async function floodChallenges(target: ChallengeTarget, options: { count: number; concurrency?: number; sources?: number }): Promise<ChallengeFloodResult> {
  const sources = Array.from({ length: Math.max(1, options.sources ?? 64) }, (_, i) => sourcedClient(`127.0.${200 + Math.floor(i / 250)}.${1 + (i % 250)}`, 4));
  const headers = { authorization: `Bearer ${target.secret}` };
  const started = Date.now();
  try {
    const statuses = await pooled(options.count, options.concurrency ?? 32, async (i) => String((await (sources[i % sources.length] as (typeof sources)[number]).send(`${target.url}/signers/challenge`, { headers })).status));
    return { statuses, ms: Date.now() - started };
  } finally {
    for (const client of sources) client.close();
  }
}

export interface RaceResult {
  /** 'registered', or the error the sealer's registration ended with. */
  readonly outcome: string;
  readonly flood: ChallengeFloodResult | undefined;
}

/**
 * A sealer's registration (the agent's own client, registerSigner) with a flood of `count`
 * challenges landing between its `GET /signers/challenge` and its `POST /signers`, every time it
 * asks: the interleaving that voided a sealer's challenge when the store dropped its oldest ones
 * (two rejected signatures in a row make a sealer exit 65).
 */
export async function registerDuringFlood(target: ChallengeTarget, sealer: Wallet, count: number): Promise<RaceResult> {
  let flood: ChallengeFloodResult | undefined;
  try {
    await registerSigner({
      baseUrl: target.url,
      networkSecret: target.secret,
      address: sealer.address,
      sign: async (message) => {
        flood = await floodChallenges(target, { count });
        return sealer.signMessage(message);
      },
      logger: pino({ level: 'silent' }),
      deadlineMs: 60_000,
      retryDelayMs: 100,
    });
    return { outcome: 'registered', flood };
  } catch (error) {
    return { outcome: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error), flood };
  }
}
