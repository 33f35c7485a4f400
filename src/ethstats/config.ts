import type { Config } from '../config/table.js';
import type { CollectorLimits } from './collector/limits.js';
import type { ReporterTimings } from './reporter/options.js';

type EthstatsConfig = Pick<
  Config,
  'ethstatsLoginTimeoutSeconds' | 'ethstatsReportIntervalSeconds' | 'ethstatsBackoffInitialSeconds' | 'ethstatsBackoffMaxSeconds' | 'ethstatsMaxFrameBytes'
>;

/** Reporter timings from the GETH_AGENT_ETHSTATS_* variables (pure). */
export function reporterTimings(config: EthstatsConfig): Partial<ReporterTimings> {
  return {
    loginTimeoutMs: config.ethstatsLoginTimeoutSeconds * 1000,
    reportIntervalMs: config.ethstatsReportIntervalSeconds * 1000,
    maxPayload: config.ethstatsMaxFrameBytes,
    backoff: { initialMs: config.ethstatsBackoffInitialSeconds * 1000, maxMs: config.ethstatsBackoffMaxSeconds * 1000 },
  };
}

type CollectorConfig = Pick<
  Config,
  | 'ethstatsSecret'
  | 'ethstatsLoginTimeoutSeconds'
  | 'ethstatsCollectorLoginMaxBytes'
  | 'ethstatsCollectorMaxLogins'
  | 'ethstatsCollectorMaxLoginsPerAddress'
  | 'ethstatsCollectorMaxNodes'
  | 'ethstatsCollectorNodeTtlSeconds'
  | 'ethstatsCollectorMaxFrameBytes'
  | 'ethstatsCollectorBytesPerSecond'
>;

/** Collector options from the config (the secret is required when the collector is on). */
export function collectorSettings(config: CollectorConfig) {
  if (config.ethstatsSecret === undefined) throw new Error('GETH_AGENT_ETHSTATS_SECRET is required for the collector');
  const limits: CollectorLimits = {
    loginMaxBytes: config.ethstatsCollectorLoginMaxBytes,
    maxLogins: config.ethstatsCollectorMaxLogins,
    maxLoginsPerAddress: config.ethstatsCollectorMaxLoginsPerAddress,
    maxNodes: config.ethstatsCollectorMaxNodes,
    nodeTtlMs: config.ethstatsCollectorNodeTtlSeconds * 1000,
    bytesPerSecond: config.ethstatsCollectorBytesPerSecond,
  };
  return { secret: config.ethstatsSecret, loginTimeoutMs: config.ethstatsLoginTimeoutSeconds * 1000, maxPayload: config.ethstatsCollectorMaxFrameBytes, limits };
}

/** Whether the agent's own reporter runs (mode `agent` with a target; mode `geth` hands it to geth). */
export const agentReports = (config: Pick<Config, 'ethstats' | 'ethstatsMode'>): boolean => config.ethstatsMode === 'agent' && config.ethstats !== undefined;
