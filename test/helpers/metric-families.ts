import { Registry } from 'prom-client';
import { createMetrics } from '../../src/metrics.js';
import { createGenesisMetrics } from '../../src/metrics/genesis.js';

export interface Family {
  readonly type: string;
  readonly labels: string[];
  readonly roles: Set<string>;
}

/** Every family the agent's registries expose (node roles and genesis, collector on), with label names and roles. */
export function exposedFamilies(): Map<string, Family> {
  const node = createMetrics({ registry: new Registry() });
  const genesis = createGenesisMetrics({ registry: new Registry(), read: { genesis: () => ({ sealed: true, registered: 1, needed: 1 }), bootnodes: () => 0, collector: () => ({ connected: 0, disconnected: 0 }), signerSet: () => undefined } });
  const families = new Map<string, Family>();
  try {
    for (const [role, registry] of [['node', node.registry], ['genesis', genesis.registry]] as const) {
      // prom-client's metric objects carry their name, type and label names.
      for (const metric of registry.getMetricsAsArray() as unknown as Array<{ name: string; type: string; labelNames?: string[] }>) {
        const entry = families.get(metric.name) ?? { type: metric.type, labels: [...(metric.labelNames ?? [])], roles: new Set<string>() };
        entry.roles.add(role);
        families.set(metric.name, entry);
      }
    }
  } finally {
    node.close();
    genesis.close();
  }
  return families;
}
