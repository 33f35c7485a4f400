import type { Pods } from './pods.js';

/** Each node's head number as its agent last read it (undefined when the agent does not answer). */
export async function heads(pods: Pods, names: readonly string[]): Promise<Map<string, number | undefined>> {
  const views = await Promise.all(names.map((name) => pods.status(name)));
  return new Map(names.map((name, i) => [name, views[i]?.head?.number]));
}

/** The lowest head among `names` (0 for a node that does not answer). */
export const lowestHead = async (pods: Pods, names: readonly string[]): Promise<number> => Math.min(...[...(await heads(pods, names)).values()].map((h) => h ?? 0));
