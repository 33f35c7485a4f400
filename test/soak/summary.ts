import type { FaultKind, FaultRecord } from './record.js';

export interface SummaryRow {
  readonly kind: FaultKind;
  readonly injected: number;
  readonly detected: number;
  readonly recovered: number;
  readonly p50Ms: number | undefined;
  readonly p95Ms: number | undefined;
}

const at = (sorted: readonly number[], q: number): number | undefined => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Per fault kind: how many were injected, detected, recovered, and the time to recover (p50/p95). Pure. */
export function summarize(records: readonly FaultRecord[]): SummaryRow[] {
  const kinds = [...new Set(records.map((r) => r.kind))].sort();
  return kinds.map((kind) => {
    const of = records.filter((r) => r.kind === kind);
    const times = of.flatMap((r) => (r.recoverMs === undefined ? [] : [r.recoverMs])).sort((a, b) => a - b);
    return { kind, injected: of.length, detected: of.filter((r) => r.detected).length, recovered: of.filter((r) => r.recovered).length, p50Ms: at(times, 0.5), p95Ms: at(times, 0.95) };
  });
}

const secs = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** The summary as an aligned text table. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const head = ['FAULT', 'INJECTED', 'DETECTED', 'RECOVERED', 'RECOVER P50', 'RECOVER P95'];
  const body = rows.map((r) => [r.kind, String(r.injected), String(r.detected), String(r.recovered), secs(r.p50Ms), secs(r.p95Ms)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  return [head, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n');
}
