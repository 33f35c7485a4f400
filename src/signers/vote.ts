import { checkChange, includesAddress, inEffect, sameAddress, type ChangeAction } from './policy.js';

/**
 * What a sealer's agent does about the signer set, decided from one look at its chain and at the
 * genesis server's approved changes. Pure: the voter (voter.ts) reads, calls this, then acts.
 */

/** One change as the genesis server lists it (`GET /signers/changes`). */
export interface ServerChange {
  readonly id: number;
  readonly address: string;
  readonly action: ChangeAction;
  readonly state: 'pending' | 'done' | 'withdrawn';
  /** Pending adds: the candidate's node runs synced. */
  readonly candidateLive?: boolean | undefined;
}

export interface ServerView {
  readonly changes: readonly ServerChange[];
  /** How the server sees this sealer when it is not a signer: removed (voted out) or rejected (refused by the operator). */
  readonly standing?: 'removed' | 'rejected' | undefined;
}

export type Membership = 'signer' | 'candidate' | 'removed';

export interface VoteInput {
  /** This sealer's address. */
  readonly self: string;
  /** clique_getSigners at the head. */
  readonly signers: readonly string[];
  /** clique_proposals: what geth votes for in the blocks it seals. */
  readonly proposals: Readonly<Record<string, boolean>>;
  /** Signers that sealed recently (clique_status sealerActivity > 0). */
  readonly sealing: readonly string[];
  /** eth_mining. */
  readonly mining: boolean;
  /** The genesis server's changes; undefined when it could not be read this time. */
  readonly server: ServerView | undefined;
  /** The membership decided last time (a signer that leaves the set was voted out). */
  readonly previous: Membership | undefined;
}

export interface VoteDecision {
  readonly membership: Membership;
  /** Why this sealer seals or not, for health, the status page and the log. */
  readonly reason: string;
  readonly miner?: 'start' | 'stop' | undefined;
  /** clique_propose(address, authorize). */
  readonly propose?: { readonly address: string; readonly authorize: boolean } | undefined;
  /** clique_discard(address), each. */
  readonly discard: readonly string[];
  /** The change voted on now (undefined: none, or the server was not read). */
  readonly active?: ServerChange | undefined;
  /** Set when the active change gets no vote from this sealer now: why. */
  readonly held?: string | undefined;
}

function membershipOf(input: VoteInput): { membership: Membership; reason: string } {
  if (includesAddress(input.signers, input.self)) return { membership: 'signer', reason: 'an authorized clique signer' };
  const standing = input.server?.standing;
  if (standing === 'rejected') return { membership: 'removed', reason: 'the operator rejected this candidate: it does not seal (geth runs as a synced non-signer)' };
  if (standing === 'removed' || input.previous === 'signer' || (input.server === undefined && input.previous === 'removed')) {
    return { membership: 'removed', reason: 'voted out of the signer set: it does not seal any more (geth runs as a synced non-signer)' };
  }
  return { membership: 'candidate', reason: 'a candidate: not in the signer set yet; it seals once the signers vote it in' };
}

/**
 * The membership, the miner (on only while this sealer signs, so a candidate or a removed sealer
 * does not try to seal every block), and the votes: only a signer votes, only for the first pending
 * change not in effect yet, only when the rails allow it on its own chain; every other proposal about
 * an address the server manages is discarded (done, withdrawn, or not its turn). Proposals about
 * other addresses (cast by hand) are left alone.
 */
export function decideVotes(input: VoteInput): VoteDecision {
  const { membership, reason } = membershipOf(input);
  const signer = membership === 'signer';
  const miner = signer && !input.mining ? 'start' : !signer && input.mining ? 'stop' : undefined;
  if (!signer || input.server === undefined) return { membership, reason, miner, discard: [] };
  const changes = input.server.changes;
  const active = [...changes].filter((c) => c.state === 'pending').sort((a, b) => a.id - b.id)[0];
  const desired = active !== undefined && !inEffect(active, input.signers) ? { address: active.address, authorize: active.action === 'add' } : undefined;
  const discard = Object.entries(input.proposals)
    .filter(([address, authorize]) => changes.some((c) => sameAddress(c.address, address)) && !(desired !== undefined && sameAddress(desired.address, address) && desired.authorize === authorize))
    .map(([address]) => address);
  if (desired === undefined || active === undefined) return { membership, reason, miner, discard, active };
  const cast = Object.entries(input.proposals).some(([address, authorize]) => sameAddress(address, desired.address) && authorize === desired.authorize);
  if (cast) return { membership, reason, miner, discard, active };
  const verdict = checkChange(active, { signers: input.signers, sealing: input.sealing }, active.candidateLive === true);
  if (!verdict.ok) return { membership, reason, miner, discard, active, held: verdict.reason };
  return { membership, reason, miner, discard, active, propose: desired };
}
