import type { Config } from '../config/table.js';
import type { HealthThresholds } from './evaluate.js';

/** Default head-age limit: 10 clique periods, at least 30 s; none for period 0 (blocks only on demand). */
export function defaultMaxHeadAgeSeconds(cliquePeriod: number): number | undefined {
  return cliquePeriod === 0 ? undefined : Math.max(30, 10 * cliquePeriod);
}

/**
 * Readiness thresholds from the configuration. `network.cliquePeriod` (from the fetched genesis)
 * wins over GETH_AGENT_CLIQUE_PERIOD, which only describes the genesis this config would build.
 */
export function healthThresholdsFromConfig(
  config: Pick<Config, 'minPeers' | 'cliquePeriod' | 'healthMaxBlocksBehind' | 'healthMaxHeadAgeSeconds' | 'healthMaxRpcAgeSeconds' | 'healthMaxSealAgeSeconds'>,
  network: { readonly cliquePeriod?: number | undefined } = {},
): HealthThresholds {
  const period = network.cliquePeriod ?? config.cliquePeriod;
  return Object.freeze({
    minPeers: config.minPeers,
    maxBlocksBehind: config.healthMaxBlocksBehind,
    maxHeadAgeSeconds: config.healthMaxHeadAgeSeconds ?? defaultMaxHeadAgeSeconds(period),
    maxRpcAgeSeconds: config.healthMaxRpcAgeSeconds,
    maxSealAgeSeconds: config.healthMaxSealAgeSeconds,
  });
}
