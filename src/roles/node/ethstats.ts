import { agentReports } from '../../ethstats/config.js';
import type { NodeSource } from '../../ethstats/node-source.js';
import type { Reporter } from '../../ethstats/reporter/reporter.js';
import { gethAnswersOr, type NodeFeature } from './context.js';

/**
 * The agent's ethstats reporter, reading the state and the shared IPC client (node-source.ts). Its
 * modules (WebSocket, protocol) load once geth first answers, so they do not compete with geth's
 * start, or at the latest `delayMs` after the start: a geth that never comes up, or a provisioning
 * that waits long for the genesis, is still reported, as active: false. Its status (logged in,
 * reconnects) is kept in the state, where /metrics reads it.
 */
export function ethstatsFeature(delayMs = 5000): NodeFeature {
  const stopping = new AbortController();
  let running: Promise<{ reporter: Reporter; source: NodeSource } | undefined> = Promise.resolve(undefined);
  return {
    start(context) {
      const { config, logger, store, role } = context;
      const target = config.ethstats;
      if (!agentReports(config) || target === undefined || role === 'boot') return;
      running = gethAnswersOr(store, delayMs, stopping.signal)
        .then(async () => {
          if (stopping.signal.aborted) return undefined;
          const [{ createNodeSource }, { createReporter }, { reporterTimings }] = await Promise.all([
            import('../../ethstats/node-source.js'),
            import('../../ethstats/reporter/reporter.js'),
            import('../../ethstats/config.js'),
          ]);
          if (stopping.signal.aborted) return undefined;
          const source = createNodeSource({ store, rpc: context.ipc.current });
          const reporter = createReporter({
            target, source, logger, role, timings: reporterTimings(config),
            onStatus: (status) => store.update(() => ({ reporter: { connected: status.connected, reconnects: status.reconnects } })),
          });
          reporter.start();
          return { reporter, source };
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'the ethstats reporter could not start');
          return undefined;
        });
    },
    async stop() {
      stopping.abort();
      const started = await running;
      await started?.reporter.stop();
      started?.source.close();
    },
  };
}
