import { nodeRoles } from '../roles.js';
import { defineVar } from '../spec.js';
import { integer, seconds } from '../kinds.js';

const group = 'Watchdog';

/** GETH_AGENT_* variables of the watchdog (observer polling and recovery policy). */
export const watchdogVars = {
  pollSeconds: defineVar(seconds(0.05), { group, roles: nodeRoles, default: 5, doc: 'Interval between IPC readings (peers, head, sync, txpool, signers); one reading at a time, never overlapping.' }),
  startGraceSeconds: defineVar(seconds(0), { group, roles: nodeRoles, default: 60, doc: 'After each geth (re)start, no peer/stall/hung decision for this long.' }),
  peerDecaySeconds: defineVar(seconds(0.1), {
    group, roles: nodeRoles,
    default: 120,
    doc: 'Peers below `GETH_AGENT_MIN_PEERS` this long: re-dial boot nodes and static peers; still below after another window: restart geth (reason `peer_decay`).',
  }),
  stallSeconds: defineVar(seconds(0), {
    group, roles: nodeRoles,
    doc: 'Head not advancing this long: report that the network cannot seal (`too_few_signers`, no restart) when too few signers are reachable, else restart while peers exist (reason `stalled_head`). Default: 20 clique periods, at least 60 s; off when the clique period is 0. 0 disables.',
  }),
  hungSeconds: defineVar(seconds(0.1), { group, roles: nodeRoles, default: 60, doc: 'No successful IPC reading this long: restart geth through the normal graceful stop (reason `rpc_hung`).' }),
  bootnodeWaitSeconds: defineVar(seconds(0), {
    group, roles: nodeRoles,
    default: 60,
    doc: 'At start, while the genesis server lists no boot node yet, wait up to this long for one (a node started without boot nodes runs `--nodiscover` until its next restart). 0: do not wait.',
  }),
  maxRestarts: defineVar(integer(1, 1000), { group, roles: nodeRoles, default: 5, doc: 'Most watchdog restarts within `GETH_AGENT_RESTART_WINDOW_SECONDS`; beyond it restarts are held back and reported (health, metrics).' }),
  restartWindowSeconds: defineVar(seconds(1), { group, roles: nodeRoles, default: 3600, doc: 'Window of the watchdog restart rate limit.' }),
};
