/**
 * Watches the attacked process from the bench's process (reads of /proc: nothing runs in the
 * watched process's event loop): its RSS every `intervalMs` over a window and its peak (VmHWM)
 * at the end; and the CPU it used over a stretch.
 */
import { processSample, schedSample } from '../proc.js';

export interface WindowSample {
  /** RSS readings (MiB), in order. */
  readonly rss: readonly number[];
  /** VmHWM at the end of the window (MiB): the most the process held since it started. */
  readonly peak: number;
}

const sampleOf = (pid: number): NonNullable<ReturnType<typeof processSample>> => {
  const sample = processSample(pid);
  if (sample === undefined) throw new Error(`process ${pid} is gone`);
  return sample;
};

export function watchMemory(pid: number, intervalMs = 50): { stop(): WindowSample } {
  const rss = [sampleOf(pid).rssMiB];
  const timer = setInterval(() => {
    const now = processSample(pid);
    if (now !== undefined) rss.push(now.rssMiB);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = sampleOf(pid);
      rss.push(last.rssMiB);
      return { rss, peak: last.peakMiB };
    },
  };
}

export interface CpuShare {
  /** CPU the process used, share of one core (all its threads). */
  readonly cpu: number;
  /** Share of the time its main (JavaScript) thread was runnable but waited for a CPU. */
  readonly runQueue: number;
}

/** CPU use and run-queue wait from now until `stop()` (`hz`: clock ticks per second). */
export function watchCpu(pid: number, hz: number): { stop(): CpuShare } {
  const first = sampleOf(pid).ticks;
  const sched = schedSample(pid);
  const started = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const waited = (schedSample(pid)?.waitNs ?? Number.NaN) - (sched?.waitNs ?? Number.NaN);
      return { cpu: (sampleOf(pid).ticks - first) / hz / seconds, runQueue: waited / 1e9 / seconds };
    },
  };
}
