import { createDuplicateMonitor, type DuplicateMonitor } from '../../identity/duplicate-monitor.js';
import { createRunHistory } from '../../identity/run-history.js';
import { agentPaths } from '../../paths.js';
import type { NodeState } from '../../state/node-state.js';
import { whenSealerProvisioned, type NodeFeature } from './context.js';

/**
 * Sealer: watches for its signer key sealing elsewhere (identity/duplicate-monitor.ts). It follows
 * the state: each geth start and stop, each new head, each block this node sealed.
 */
export function duplicateSignerFeature(): NodeFeature {
  let monitor: DuplicateMonitor | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  return {
    start(context) {
      const { config, logger, store } = context;
      whenSealerProvisioned(context, () => stopped, (address) => {
        const log = logger.child({ component: 'duplicate-signer' });
        const watched = createDuplicateMonitor({
          address,
          rpc: context.ipc.current,
          logger: log,
          onDetected: (description) => store.update(() => ({ duplicateSigner: description })),
          history: createRunHistory({ file: agentPaths(config.dataDir).runHistory, logger: log }),
        });
        monitor = watched;
        let last: NodeState = store.get();
        unsubscribe = store.subscribe((state) => {
          const before = last;
          last = state;
          const running = state.geth.state === 'running';
          if (running !== (before.geth.state === 'running')) {
            if (running) void watched.started();
            else watched.stopped();
          }
          if (state.sealed !== before.sealed && state.sealed !== undefined) watched.sealedBlock(state.sealed);
          const head = state.head?.value.number;
          if (head !== undefined && head !== before.head?.value.number) void watched.head(head);
        });
      });
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      // geth has stopped: the run is recorded as ended.
      monitor?.stopped();
      await monitor?.flush();
    },
  };
}
