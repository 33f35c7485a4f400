import type { Metrics } from '../metrics.js';
import type { GethProcessState, NodeState } from '../state/node-state.js';
import type { StateStore } from '../state/store.js';
import { isCrashLooping, type SupervisorSnapshot } from '../supervise/snapshot.js';

/** How the supervisor's view of the child reads in the NodeState ("running" = up and answering). */
export function gethStateOf(snapshot: SupervisorSnapshot): GethProcessState {
  switch (snapshot.state) {
    case 'running':
      return snapshot.ready ? 'running' : 'starting';
    case 'idle':
      return 'starting';
    default:
      return snapshot.state;
  }
}

export function gethSection(snapshot: SupervisorSnapshot): NodeState['geth'] {
  return {
    state: gethStateOf(snapshot),
    pid: snapshot.pid,
    startedAt: snapshot.ready ? snapshot.readySince : undefined,
    restarts: snapshot.restarts,
    crashLoop: isCrashLooping(snapshot),
    lastExit: snapshot.lastExit === undefined ? undefined : { code: snapshot.lastExit.exitCode, signal: snapshot.lastExit.signal, at: snapshot.since },
  };
}

/**
 * Publishes each supervisor snapshot into the state store and counts new restarts by reason in
 * `restarts_total` (the counter only ever grows by the difference), once `metrics()` has a registry.
 */
export function syncSupervisor(store: StateStore, metrics: () => Metrics | undefined): (snapshot: SupervisorSnapshot) => void {
  let counted: Readonly<Record<string, number>> = {};
  return (snapshot) => {
    // Before the registry exists (it loads while geth starts) restarts wait to be counted.
    const registry = metrics();
    if (registry !== undefined) {
      for (const [reason, n] of Object.entries(snapshot.restarts)) {
        const delta = n - (counted[reason] ?? 0);
        if (delta > 0) registry.restarts.inc({ reason }, delta);
      }
      counted = snapshot.restarts;
    }
    store.update(() => ({ geth: gethSection(snapshot) }));
  };
}
