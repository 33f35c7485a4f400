/** geth's own metrics server: where it listens, when the agent turns it on. */
export interface MetricsAddress {
  readonly host: string;
  readonly port: number;
}

/** geth's metrics port when only GETH_AGENT_GETH_METRICS (the groups to re-export) is set. */
const DEFAULT_GETH_METRICS_ADDRESS: MetricsAddress = { host: '127.0.0.1', port: 6060 };

/**
 * The address geth's metrics server listens on, or undefined when it stays off: on when
 * GETH_AGENT_GETH_METRICS_ADDR is set (a direct scrape of geth) or when groups are re-exported.
 */
export function gethMetricsAddress(config: {
  readonly gethMetricsAddr?: MetricsAddress | undefined;
  readonly gethMetrics?: readonly string[] | undefined;
}): MetricsAddress | undefined {
  if (config.gethMetricsAddr !== undefined) return config.gethMetricsAddr;
  return config.gethMetrics === undefined ? undefined : DEFAULT_GETH_METRICS_ADDRESS;
}
