/** The stall window in ms: explicit, or 20 clique periods (>= 60 s), 0 (off) for period 0. */
export function stallWindowMs(stallSecondsSetting: number | undefined, cliquePeriod: number): number {
  if (stallSecondsSetting !== undefined) return stallSecondsSetting * 1000;
  return cliquePeriod === 0 ? 0 : Math.max(60, 20 * cliquePeriod) * 1000;
}
