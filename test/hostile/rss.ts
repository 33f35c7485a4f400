import { memoryMiB } from '../helpers/processes.js';

export interface RssFigures {
  /** RSS (MiB) when the watch started: the value before the attack. */
  readonly before: number;
  /** Highest RSS sampled while watching. */
  readonly max: number;
  /** RSS when the watch stopped. */
  readonly after: number;
}

export interface RssWatch {
  stop(): Promise<RssFigures>;
}

/**
 * Samples a process's RSS every `intervalMs` until stopped: the attacked process's memory before,
 * at its highest during and after an attack (a spike that is freed again still counts).
 */
export async function watchRss(pid: number, intervalMs = 25): Promise<RssWatch> {
  const first = await memoryMiB(pid);
  if (first === undefined) throw new Error(`process ${pid} is gone`);
  let max = first.rss;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now = await memoryMiB(pid);
      if (now !== undefined) max = Math.max(max, now.rss);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const last = (await memoryMiB(pid))?.rss ?? Number.NaN;
      return { before: first.rss, max: Math.max(max, Number.isNaN(last) ? 0 : last), after: last };
    },
  };
}

export const showRss = (figures: RssFigures): string =>
  `RSS before ${figures.before.toFixed(1)} MiB, max ${figures.max.toFixed(1)} MiB (+${(figures.max - figures.before).toFixed(1)}), after ${figures.after.toFixed(1)} MiB`;
