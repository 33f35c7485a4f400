import { join } from 'node:path';
import type { NodePlan } from './plan.js';

/** File names the devnet writes for Prometheus into its folder. */
export const prometheusFiles = (dir: string) => ({
  config: join(dir, 'prometheus.yml'),
  targets: join(dir, 'prometheus-targets.json'),
  storage: join(dir, 'prometheus'),
});

/** The file-based service discovery targets: every agent of the plan, labelled with its node name (pure). */
export function prometheusTargets(plans: readonly NodePlan[]): Array<{ targets: string[]; labels: Record<string, string> }> {
  return plans.map((plan) => ({ targets: [`127.0.0.1:${plan.ports.agent}`], labels: { node: plan.name } }));
}

export interface PrometheusConfigOptions {
  readonly targetsFile: string;
  /** Rule files to load (the repository's deploy/observability rules when present). */
  readonly ruleFiles: readonly string[];
  readonly scrapeIntervalSeconds?: number;
}

const quote = (value: string): string => JSON.stringify(value);

/**
 * A prometheus.yml scraping the devnet's agents through file_sd_configs (pure). JSON strings
 * are valid YAML scalars, so paths with any character are quoted safely.
 */
export function prometheusConfig(options: PrometheusConfigOptions): string {
  const interval = `${options.scrapeIntervalSeconds ?? 5}s`;
  return [
    '# Written by `geth-agent devnet`: scrapes every agent of this devnet (targets in the file below,',
    '# rewritten on each devnet start).',
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles.length === 0 ? [] : ['rule_files:', ...options.ruleFiles.map((file) => `  - ${quote(file)}`)]),
    'scrape_configs:',
    '  - job_name: geth-agent',
    '    metrics_path: /metrics',
    '    file_sd_configs:',
    `      - files: [${quote(options.targetsFile)}]`,
    '',
  ].join('\n');
}

/** A shell word: as is when safe, else single-quoted. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The one command that starts Prometheus on the devnet's config, on loopback (pure). */
export function prometheusCommand(dir: string, listen = '127.0.0.1:9090'): string {
  const files = prometheusFiles(dir);
  return ['prometheus', `--config.file=${files.config}`, `--storage.tsdb.path=${files.storage}`, `--web.listen-address=${listen}`].map(shellWord).join(' ');
}
