/** JSON equality; a value JSON.stringify cannot take (nested thousands deep) counts as different. */
const same = (a: unknown, b: unknown): boolean => {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
};

/**
 * Fields where two genesis values differ, as dotted paths (config.* one level deep, alloc as a
 * whole): what the server logs when its configuration no longer matches the stored genesis.
 */
export function genesisDifferences(stored: unknown, expected: unknown): string[] {
  const a = (stored ?? {}) as Record<string, unknown>;
  const b = (expected ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    if (key === 'config' && typeof a.config === 'object' && typeof b.config === 'object') {
      const ca = (a.config ?? {}) as Record<string, unknown>;
      const cb = (b.config ?? {}) as Record<string, unknown>;
      for (const sub of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
        if (!same(ca[sub], cb[sub])) out.push(`config.${sub}`);
      }
    } else if (!same(a[key], b[key])) {
      out.push(key === 'extraData' ? 'extraData (signers)' : key);
    }
  }
  return out;
}
