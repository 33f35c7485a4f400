import { writeFileAtomic } from '../fs/atomic-write.js';
import { readIfExists } from '../fs/read-if-exists.js';
import type { Logger } from '../log.js';
import type { RunInterval } from './duplicate-guard.js';

/**
 * When this sealer's geth ran, kept across agent restarts (`<datadir>/agent/runs.json`), so the
 * duplicate-signer guard can judge blocks signed with our key while the agent was down.
 */
export interface RecordedRun {
  /** Unix seconds: geth became ready. */
  readonly start: number;
  /** Unix seconds: geth stopped (`clean`), or the last heartbeat of a run that ended unrecorded. */
  readonly end: number;
  readonly clean: boolean;
}

const MAX_RECORDED_RUNS = 64;

const isRun = (r: unknown): r is RecordedRun => {
  const x = r as Partial<RecordedRun> | null;
  return x !== null && typeof x === 'object' && Number.isSafeInteger(x.start) && Number.isSafeInteger(x.end) && (x.end as number) >= (x.start as number) && typeof x.clean === 'boolean';
};

/** The recorded runs, oldest first; undefined when the text is not a valid history. Pure. */
export function parseRunHistory(text: string): RecordedRun[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const runs = (parsed as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs) || !runs.every(isRun)) return undefined;
  return [...runs].sort((a, b) => a.start - b.start);
}

/**
 * Intervals to judge blocks by. A run that ended unrecorded (agent killed) may have sealed up to
 * one heartbeat after its last one: its end is pushed out by `heartbeatSeconds`, so our own last
 * blocks raise no false alarm. Pure.
 */
export function recordedIntervals(runs: readonly RecordedRun[], heartbeatSeconds: number): RunInterval[] {
  return runs.map((r) => ({ start: r.start, end: r.clean ? r.end : r.end + heartbeatSeconds }));
}

/** `runs` with the run starting at `run.start` replaced (or appended), the last `max` kept. Pure. */
export function withRun(runs: readonly RecordedRun[], run: RecordedRun, max = MAX_RECORDED_RUNS): RecordedRun[] {
  const others = runs.filter((r) => r.start !== run.start);
  return [...others, run].sort((a, b) => a.start - b.start).slice(-max);
}

export interface RunHistoryOptions {
  readonly file: string;
  readonly logger: Logger;
  /** How often a running interval's end is saved. Default 30 s. */
  readonly heartbeatSeconds?: number;
  readonly max?: number;
}

/** The file side: load once, then every change written atomically (0600); failures only logged. */
export function createRunHistory(options: RunHistoryOptions) {
  const heartbeatSeconds = options.heartbeatSeconds ?? 30;
  let runs: RecordedRun[] = [];
  let current: RecordedRun | undefined;
  let writing: Promise<void> = Promise.resolve();

  const save = (): Promise<void> => {
    const bytes = Buffer.from(`${JSON.stringify({ runs })}\n`);
    writing = writing
      .then(() => writeFileAtomic(options.file, bytes, { mode: 0o600 }))
      .catch((error: unknown) => options.logger.warn({ err: error, file: options.file }, 'cannot save the run history; the duplicate-signer guard may miss blocks sealed elsewhere while this node is down'));
    return writing;
  };
  const update = (run: RecordedRun): Promise<void> => {
    current = run;
    runs = withRun(runs, run, options.max);
    return save();
  };

  return {
    /** The runs of earlier agent processes, as intervals (empty when there is no valid file). */
    async load(): Promise<RunInterval[]> {
      let text: string | undefined;
      try {
        text = (await readIfExists(options.file))?.toString('utf8');
      } catch (error) {
        options.logger.warn({ err: error, file: options.file }, 'cannot read the run history; judging from this start on');
      }
      if (text === undefined) return [];
      const parsed = parseRunHistory(text);
      if (parsed === undefined) {
        options.logger.warn({ file: options.file }, 'the run history is not valid; judging from this start on (it is rewritten)');
        return [];
      }
      runs = parsed.slice(-(options.max ?? MAX_RECORDED_RUNS));
      return recordedIntervals(runs, heartbeatSeconds);
    },
    started(now: number): Promise<void> {
      return update({ start: now, end: now, clean: false });
    },
    /** Saves the open run's end when a heartbeat is due. */
    heartbeat(now: number): Promise<void> {
      if (current === undefined || current.clean || now - current.end < heartbeatSeconds) return writing;
      return update({ ...current, end: now });
    },
    stopped(now: number): Promise<void> {
      if (current === undefined || current.clean) return writing;
      return update({ ...current, end: Math.max(current.start, now), clean: true });
    },
    /** Waits for the last write. */
    flush(): Promise<void> {
      return writing;
    },
  };
}

export type RunHistory = ReturnType<typeof createRunHistory>;
