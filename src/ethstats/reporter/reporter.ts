import { setTimeout as sleep } from 'node:timers/promises';
import { arch, platform } from 'node:os';
import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import { ethstatsDialUrls, type EthstatsTarget } from '../../config/ethstats-url.js';
import type { NodeInfo, NodeStats } from '../protocol/types.js';
import type { EthstatsSource, SourceNodeInfo } from '../source.js';
import { backoffDelay } from './backoff.js';
import { defaultTimings, type ReporterTimings } from './options.js';
import { runSession } from './session.js';
import { createUptimeTracker } from './uptime.js';

export interface ReporterOptions {
  readonly target: EthstatsTarget;
  readonly source: EthstatsSource;
  readonly logger: Logger;
  /** Shown on the geth-agent collector's network page (sent as `info.role`). */
  readonly role?: string;
  readonly timings?: Partial<ReporterTimings>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Called with the status each time it changes (login, session end, reconnect, stop). */
  readonly onStatus?: (status: ReporterStatus) => void;
  /** Waits `ms` unless `signal` aborts (then resolves early). */
  readonly delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ReporterStatus {
  readonly state: 'idle' | 'connecting' | 'connected' | 'stopped';
  readonly connected: boolean;
  /** Sessions that ended or dials that failed, since start. */
  readonly reconnects: number;
  readonly lastError: string | undefined;
}

export interface Reporter {
  start(): void;
  stop(): Promise<void>;
  status(): ReporterStatus;
}

const defaultDelay = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, undefined, { signal }).catch(() => undefined);

/**
 * The ethstats reporter: dial, log in, report, and on any failure reconnect forever with capped
 * exponential backoff and jitter. Never throws into the caller; stop() ends everything it started.
 */
export function createReporter(options: ReporterOptions): Reporter {
  const timings: ReporterTimings = { ...defaultTimings, ...options.timings };
  const { target, source, now = Date.now, random = Math.random, delay = defaultDelay } = options;
  const logger = options.logger.child({ component: 'ethstats' });
  const uptime = createUptimeTracker();
  const abort = new AbortController();
  let state: ReporterStatus['state'] = 'idle';
  let reconnects = 0;
  let lastError: string | undefined;
  let knownInfo: SourceNodeInfo | undefined;
  /** The current session's hello went out before geth ever answered (no node/net/port in it). */
  let helloLackedInfo = false;
  let socket: WebSocket | undefined;
  let loop: Promise<void> | undefined;
  const status = (): ReporterStatus => ({ state, connected: state === 'connected', reconnects, lastError });
  const moveTo = (next: ReporterStatus['state']): void => {
    state = next;
    options.onStatus?.(status());
  };

  const helloInfo = async (): Promise<NodeInfo> => {
    knownInfo = await source.nodeInfo().catch(() => knownInfo);
    helloLackedInfo = knownInfo === undefined;
    return {
      name: target.name,
      node: knownInfo?.name ?? '',
      port: knownInfo?.port ?? 0,
      net: knownInfo?.networkId ?? '',
      protocol: knownInfo?.protocols.join(', ') ?? '',
      api: 'No',
      os: platform(),
      os_v: arch(),
      client: '0.1.1',
      canUpdateHistory: true,
      ...(options.role === undefined ? {} : { role: options.role }),
    };
  };

  /**
   * A session that logged in while geth was not up yet (it never came up, or provisioning took
   * long) announced no node info; once geth answers, log in again so the dashboard gets it.
   */
  const announceWhenKnown = async (): Promise<void> => {
    const info = await source.nodeInfo().catch(() => undefined);
    if (info === undefined || !helloLackedInfo) return;
    knownInfo = info;
    helloLackedInfo = false;
    logger.info({ host: target.host }, 'ethstats: geth answers now, logging in again with its node info');
    socket?.terminate();
  };

  const stats = async (): Promise<NodeStats> => {
    const observed = await source.stats().catch(() => undefined);
    if (observed?.active === true && helloLackedInfo && state === 'connected') void announceWhenKnown();
    uptime.record(observed?.active ?? false, now());
    const base = observed ?? { active: false, syncing: false, mining: false, peers: 0, gasPrice: 0 };
    return { ...base, hashrate: 0, uptime: uptime.percent() };
  };

  const dial = async (): Promise<WebSocket> => {
    let failure: unknown;
    for (const url of ethstatsDialUrls(target)) {
      if (abort.signal.aborted) break;
      try {
        return await open(url);
      } catch (err) {
        failure = err;
      }
    }
    throw failure instanceof Error ? failure : new Error('stopped');
  };

  const open = (url: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: timings.handshakeTimeoutMs, maxPayload: timings.maxPayload, headers: { origin: 'http://localhost' } });
      socket = ws;
      ws.once('open', () => resolve(ws));
      ws.once('error', (err) => {
        ws.terminate();
        reject(err);
      });
    });

  const attempt = async (): Promise<boolean> => {
    moveTo('connecting');
    const info = await helloInfo();
    const ws = await dial();
    const end = await runSession({
      ws, id: target.name, secret: target.secret, info, source, stats, logger, timings, now,
      onLogin: () => {
        moveTo('connected');
        logger.info({ host: target.host }, 'ethstats: logged in');
      },
    });
    lastError = end.reason;
    if (!abort.signal.aborted) logger.warn({ reason: end.reason, host: target.host }, 'ethstats session ended');
    return end.loggedIn;
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let loggedIn = false;
      try {
        loggedIn = await attempt();
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        logger.warn({ reason: lastError, host: target.host }, 'ethstats server unreachable');
      }
      socket = undefined;
      if (abort.signal.aborted) break;
      reconnects += 1;
      moveTo('connecting');
      // The first retry (after a broken session or a first failed attempt) waits the initial
      // delay (attempt 0); each further failure in a row doubles it, up to the cap.
      failures = loggedIn ? 0 : failures + 1;
      await delay(backoffDelay(Math.max(0, failures - 1), timings.backoff, random), abort.signal);
    }
    moveTo('stopped');
  };

  return {
    start() {
      if (loop !== undefined || abort.signal.aborted) return;
      loop = run().catch((err: unknown) => logger.error({ err }, 'ethstats reporter loop failed'));
    },
    async stop() {
      abort.abort();
      socket?.terminate();
      await loop;
      if (state !== 'stopped') moveTo('stopped');
    },
    status,
  };
}
