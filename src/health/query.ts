import type { HealthThresholds } from './evaluate.js';

const names = ['minPeers', 'maxBlocksBehind', 'maxHeadAgeSeconds'] as const;

/**
 * Besu-style per-request overrides: `?minPeers=0&maxBlocksBehind=5&maxHeadAgeSeconds=60`.
 * Returns the thresholds to use, or the message for a 400.
 */
export function applyHealthQuery(defaults: HealthThresholds, query: Readonly<Record<string, unknown>>): { thresholds: HealthThresholds } | { error: string } {
  const out: Record<string, number | undefined> = { ...defaults };
  for (const [key, raw] of Object.entries(query)) {
    if (!(names as readonly string[]).includes(key)) return { error: `unknown parameter ${JSON.stringify(key.slice(0, 40))}; allowed: ${names.join(', ')}` };
    if (typeof raw !== 'string' || !/^[0-9]{1,9}$/.test(raw)) return { error: `${key} must be a non-negative integer` };
    out[key] = Number(raw);
  }
  return { thresholds: out as unknown as HealthThresholds };
}
