import type { NodeState } from './node-state.js';

type Listener = (state: NodeState) => void;

/**
 * Holds the latest NodeState. Writers (observer, supervisor, watchdog) publish patches; readers
 * get an immutable snapshot without ever waiting on geth.
 */
export interface StateStore {
  get(): NodeState;
  update(patch: (current: NodeState) => Partial<NodeState>): NodeState;
  subscribe(listener: Listener): () => void;
}

export function createStateStore(initial: NodeState, now: () => number = Date.now): StateStore {
  let state: NodeState = Object.freeze({ ...initial });
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(patch) {
      state = Object.freeze({ ...state, ...patch(state), at: now() });
      for (const listener of listeners) listener(state);
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function initialNodeState(role: NodeState['role'], now: number): NodeState {
  return {
    role,
    at: now,
    geth: { state: 'starting', restarts: {}, crashLoop: false },
    rpc: {},
    watchdog: { restartLimited: false },
  };
}
