import type { BlockStats, ClientMessage, NodeStats } from '../protocol/types.js';
import { historyRange } from '../protocol/types.js';
import type { SourceHead } from '../source.js';
import type { SessionContext } from './context.js';
import { createCoalescer } from './coalesce.js';
import type { SerialQueue } from './serial.js';

interface ReportContext extends SessionContext {
  readonly send: (message: ClientMessage) => void;
  readonly queue: SerialQueue;
  readonly isDone: () => boolean;
  readonly finish: (reason: string) => void;
  readonly addCleanup: (fn: () => void) => void;
}

export interface Reports {
  start(): void;
  pong(): void;
  history(list: readonly number[] | undefined): void;
}

/**
 * What a logged-in session sends: the periodic full report (ping with pong timeout, latency,
 * block, pending, stats), block + pending on each new head (bursts coalesce to the latest head),
 * pending on new transactions (throttled), and history on request (one answer at a time, a
 * burst of requests coalesces to the latest). Nothing queued runs once the session is done.
 */
export function createReports(ctx: ReportContext): Reports {
  const { source, send, timings, id, now } = ctx;
  /** The session's serial queue, skipping what comes up after the session ended. */
  const queue = { run: (task: () => Promise<void>): Promise<void> => ctx.queue.run(() => (ctx.isDone() ? undefined : task())) };
  let awaitingPong: (() => void) | undefined;
  let nextHead: SourceHead | undefined;
  let draining = false;
  let lastPendingAt = Number.NEGATIVE_INFINITY;
  let pendingTimer: NodeJS.Timeout | undefined;
  let reportTimer: NodeJS.Timeout | undefined;

  const reportBlock = async (which: number | string | undefined): Promise<void> => {
    const block = which === undefined ? await source.headBlock() : await source.block(which);
    if (block !== undefined && !ctx.isDone()) send({ type: 'block', id, block });
  };
  const reportPending = async (): Promise<void> => {
    const pending = await source.pending();
    lastPendingAt = now();
    if (!ctx.isDone()) send({ type: 'pending', id, pending });
  };
  const reportStats = async (): Promise<void> => {
    const stats: NodeStats = await ctx.stats();
    if (!ctx.isDone()) send({ type: 'stats', id, stats });
  };
  const settle = async (task: () => Promise<void>): Promise<void> => {
    try {
      await task();
    } catch (err) {
      ctx.logger.debug({ err }, 'ethstats report part skipped');
    }
  };

  const ping = (): Promise<number | undefined> =>
    new Promise((resolve) => {
      const started = now();
      const timer = setTimeout(() => {
        awaitingPong = undefined;
        ctx.finish(`no node-pong within ${timings.pongTimeoutMs} ms`);
        resolve(undefined);
      }, timings.pongTimeoutMs);
      awaitingPong = () => {
        clearTimeout(timer);
        awaitingPong = undefined;
        resolve(Math.max(0, Math.round((now() - started) / 2)));
      };
      ctx.addCleanup(() => clearTimeout(timer));
      try {
        send({ type: 'node-ping', id, clientTime: started });
      } catch {
        clearTimeout(timer);
        resolve(undefined);
      }
    });

  const fullReport = async (): Promise<void> => {
    const latency = await ping();
    if (latency === undefined || ctx.isDone()) return;
    await queue.run(async () => {
      send({ type: 'latency', id, latency });
      await settle(() => reportBlock(undefined));
      await settle(reportPending);
      await settle(reportStats);
    });
  };

  const scheduleReport = (): void => {
    if (ctx.isDone()) return;
    reportTimer = setTimeout(() => void fullReport().finally(scheduleReport), timings.reportIntervalMs);
  };

  const drainHeads = async (): Promise<void> => {
    draining = true;
    while (nextHead !== undefined && !ctx.isDone()) {
      const head = nextHead;
      nextHead = undefined;
      await queue.run(async () => {
        await settle(() => reportBlock(head.hash));
        await settle(reportPending);
      });
    }
    draining = false;
  };

  const onHead = (head: SourceHead): void => {
    nextHead = head;
    if (!draining) void drainHeads();
  };

  const onPendingTx = (): void => {
    if (pendingTimer !== undefined || ctx.isDone()) return;
    const wait = lastPendingAt + timings.pendingThrottleMs - now();
    pendingTimer = setTimeout(() => {
      pendingTimer = undefined;
      void queue.run(() => settle(reportPending));
    }, Math.max(0, wait));
  };

  /**
   * One history answer: the blocks newest first, read one at a time so that nothing more is read
   * once the session ended (`signal`); a missing block cuts the report short (as geth does).
   */
  const reportHistory = async (list: readonly number[] | undefined, signal: AbortSignal): Promise<void> => {
    let numbers = list;
    if (numbers === undefined) {
      const head = await source.headBlock();
      if (head === undefined) return;
      const from = Math.max(0, head.number - historyRange + 1);
      numbers = Array.from({ length: head.number - from + 1 }, (_, i) => from + i);
    }
    const blocks: BlockStats[] = [];
    for (const n of [...numbers].reverse()) {
      if (signal.aborted || ctx.isDone()) return;
      const block = await source.block(n).catch(() => undefined);
      if (block === undefined) break;
      blocks.push(block);
    }
    if (!signal.aborted && !ctx.isDone()) send({ type: 'history', id, history: blocks });
  };
  const history = createCoalescer<readonly number[] | undefined>(
    (list, signal) => queue.run(() => settle(() => reportHistory(list, signal))),
    (err) => ctx.logger.debug({ err }, 'ethstats history skipped'),
  );

  return {
    start() {
      const unsubscribeHead = source.onHead(onHead);
      const unsubscribeTx = source.onPendingTx?.(onPendingTx);
      ctx.addCleanup(() => {
        unsubscribeHead();
        unsubscribeTx?.();
        clearTimeout(reportTimer);
        clearTimeout(pendingTimer);
        nextHead = undefined;
        history.close();
      });
      void fullReport().finally(scheduleReport);
    },
    pong() {
      awaitingPong?.();
    },
    history(list) {
      history.submit(list);
    },
  };
}
