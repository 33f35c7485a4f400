/**
 * The safety rails of a change to the clique signer set, shared by the genesis server (when the
 * operator approves a change) and every signer's agent (before it casts a vote). Pure.
 */

export type ChangeAction = 'add' | 'remove';

/** What the rails look at: the signer set now, and which of its signers seal now. */
export interface SealingView {
  /** clique_getSigners at the head. */
  readonly signers: readonly string[];
  /** The signers seen sealing recently (a subset of `signers`; other entries are ignored). */
  readonly sealing: readonly string[];
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Clique's quorum: a signer may seal one block in any floor(N/2)+1, so that many must take turns. */
export const quorum = (signers: number): number => Math.floor(signers / 2) + 1;

export const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
export const includesAddress = (list: readonly string[], address: string): boolean => list.some((entry) => sameAddress(entry, address));

/** True when the chain already shows the change: an added address signs, a removed one does not. */
export const inEffect = (change: { readonly action: ChangeAction; readonly address: string }, signers: readonly string[]): boolean =>
  includesAddress(signers, change.address) === (change.action === 'add');

/**
 * Whether the set after `change` could still seal with the signers sealing now: never an empty
 * set, never fewer sealing signers than the new set's quorum. An added signer counts as sealing
 * only when `candidateSeals` (its node runs, synced): with every signer sealing, only a set of 1
 * needs it (2 signers need both); with some silent, the new quorum may need it too.
 */
export function checkChange(change: { readonly action: ChangeAction; readonly address: string }, view: SealingView, candidateSeals = false): Verdict {
  const { signers } = view;
  const sealing = signers.filter((s) => includesAddress(view.sealing, s));
  if (change.action === 'add') {
    if (includesAddress(signers, change.address)) return { ok: false, reason: `${change.address} is a signer already` };
    const after = signers.length + 1;
    const sealingAfter = sealing.length + (candidateSeals ? 1 : 0);
    if (sealingAfter < quorum(after)) {
      return { ok: false, reason: `adding ${change.address} makes ${after} signers, whose quorum is ${quorum(after)}, and only ${sealingAfter} would seal (${sealing.length} signers seal now${candidateSeals ? ', plus the candidate' : '; the candidate is not running synced'})` };
    }
    return { ok: true };
  }
  if (!includesAddress(signers, change.address)) return { ok: false, reason: `${change.address} is not a signer` };
  const after = signers.length - 1;
  if (after === 0) return { ok: false, reason: `${change.address} is the only signer: removing it would leave the set empty` };
  const sealingAfter = sealing.filter((s) => !sameAddress(s, change.address)).length;
  if (sealingAfter < quorum(after)) {
    return { ok: false, reason: `removing ${change.address} leaves ${after} signers, whose quorum is ${quorum(after)}, and only ${sealingAfter} of them seal now` };
  }
  return { ok: true };
}
