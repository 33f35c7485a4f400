import type { CollectorLimits } from './limits.js';

/** What admission needs to know of a node record. */
export interface RecordMeta {
  readonly id: string;
  readonly connected: boolean;
  readonly lastSeen: number;
}

/** Ids of records of disconnected nodes last seen `ttlMs` or longer ago (pure). */
export function expiredIds(records: Iterable<RecordMeta>, now: number, ttlMs: number): string[] {
  const out: string[] = [];
  for (const r of records) if (!r.connected && now - r.lastSeen >= ttlMs) out.push(r.id);
  return out;
}

export type Admission =
  /** Log the node in after forgetting these records (expired ones, and at most one more to make room). */
  | { readonly ok: true; readonly forget: readonly string[] }
  /** Every record is a connected node: refuse the new id rather than evict one of them. */
  | { readonly ok: false };

/**
 * Whether a login of `id` fits under the node cap (pure). Expired records are forgotten; a known
 * id always fits (its record is reused); a new one takes a free place, or the place of the
 * record disconnected longest; a connected node is never evicted.
 */
export function admitNode(records: readonly RecordMeta[], id: string, now: number, limits: Pick<CollectorLimits, 'maxNodes' | 'nodeTtlMs'>): Admission {
  const forget = expiredIds(records, now, limits.nodeTtlMs);
  const gone = new Set(forget);
  const kept = records.filter((r) => !gone.has(r.id));
  if (kept.length < limits.maxNodes || kept.some((r) => r.id === id)) return { ok: true, forget };
  let oldest: RecordMeta | undefined;
  for (const r of kept) if (!r.connected && (oldest === undefined || r.lastSeen < oldest.lastSeen)) oldest = r;
  return oldest === undefined ? { ok: false } : { ok: true, forget: [...forget, oldest.id] };
}
