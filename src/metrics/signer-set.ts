import { Gauge, type Registry } from 'prom-client';
import type { MembershipView } from '../signers/registry.js';

const PREFIX = 'geth_agent_';

/** The candidate states a series exists for from the start. */
const CANDIDATE_STATES = ['candidate', 'approved', 'rejected'] as const;

/**
 * The genesis server's view of the elastic signer set, read at scrape time: the set, the signers
 * seen sealing, candidates, pending changes, how long the one voted on has waited, and the votes
 * seen for each pending change. `read` answers undefined before the genesis is sealed.
 */
export function registerSignerSetMetrics(registers: Registry[], read: () => MembershipView | undefined) {
  const gauge = (name: string, help: string, value: (view: MembershipView) => number): Gauge =>
    new Gauge({
      name: PREFIX + name,
      help,
      registers,
      collect() {
        const view = read();
        this.set(view === undefined ? 0 : value(view));
      },
    });
  return {
    size: gauge('signer_set_size', 'Signers in the clique signer set, as the sealers\' agents last reported it (the genesis\' set before any report).', (v) => v.signers.length),
    sealing: gauge('signer_set_sealing', 'Signers that sealed recently and whose agent reports: what the quorum rail counts.', (v) => v.signers.filter((s) => s.sealing).length),
    pending: gauge('signer_changes_pending', 'Approved signer changes not in effect yet (voted on one at a time, in order).', (v) => v.changes.filter((c) => c.state === 'pending').length),
    activeSeconds: gauge('signer_change_active_seconds', 'How long the signer change voted on now has been voted on (0: none).', (v) => v.activeSeconds ?? 0),
    candidates: new Gauge({
      name: `${PREFIX}signer_candidates`,
      help: 'Sealers registered after the genesis, by state: candidate (waits for approval), approved (voted on), rejected.',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const view = read();
        for (const state of CANDIDATE_STATES) this.set({ state }, view?.candidates.filter((c) => c.state === state).length ?? 0);
      },
    }),
    votes: new Gauge({
      name: `${PREFIX}signer_change_votes`,
      help: 'Votes for each pending signer change in the chain\'s clique snapshot (reset at each epoch); a majority of the signers puts it in effect.',
      labelNames: ['change', 'action', 'address'] as const,
      registers,
      collect() {
        this.reset();
        for (const change of read()?.changes.filter((c) => c.state === 'pending') ?? []) {
          this.set({ change: String(change.id), action: change.action, address: change.address.toLowerCase() }, change.votes.length);
        }
      },
    }),
  };
}
