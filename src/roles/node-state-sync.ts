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

/** Publishes each supervisor snapshot into the state store (restarts are counted there, by reason). */
export function syncSupervisor(store: StateStore): (snapshot: SupervisorSnapshot) => void {
  return (snapshot) => void store.update(() => ({ geth: gethSection(snapshot) }));
}
