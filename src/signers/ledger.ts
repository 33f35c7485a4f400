import { checkChange, includesAddress, inEffect, sameAddress, type ChangeAction, type SealingView } from './policy.js';

/**
 * What the genesis server records about the signer set after the genesis: candidates, the
 * operator's approved changes (in order, one voted on at a time) and the last signer set the
 * signers reported. Pure transitions: every function returns a new ledger, never mutates one.
 */

export type ChangeState = 'pending' | 'done' | 'withdrawn';

export interface Change {
  /** 1, 2, ...: the order the changes are voted on. */
  readonly id: number;
  readonly address: string;
  readonly action: ChangeAction;
  readonly state: ChangeState;
  /** `operator` (approve/remove) or `auto` (GETH_AGENT_SIGNER_ADMISSION=auto). */
  readonly by: 'operator' | 'auto';
  readonly approvedAt: string;
  /** The head when this change became the one voted on: only a later block can show it done. */
  readonly sinceBlock?: number | undefined;
  /** When it became the one voted on. */
  readonly activeAt?: string | undefined;
  /** When it was done or withdrawn. */
  readonly endedAt?: string | undefined;
  /** The first reported block that showed it in effect. */
  readonly doneBlock?: number | undefined;
}

export interface Member {
  readonly address: string;
  /** `candidate`: registered after the genesis, waiting for approval; `rejected`: refused by the operator. */
  readonly state: 'candidate' | 'rejected';
  readonly since: string;
}

export interface Ledger {
  /** The signer set as last reported (the genesis' set before any report). */
  readonly signers: readonly string[];
  /** The block `signers` was read at (0: the genesis). */
  readonly block: number;
  readonly members: readonly Member[];
  readonly changes: readonly Change[];
}

/** How the server sees one address. */
export type AddressState = 'signer' | 'removing' | 'candidate' | 'approved' | 'rejected' | 'removed' | 'unknown';

/** Ended changes kept for the record (the newest); pending ones are always kept. */
export const ENDED_CHANGES_KEPT = 100;

export const emptyLedger = (signers: readonly string[]): Ledger => ({ signers: [...signers], block: 0, members: [], changes: [] });

export const pendingChanges = (ledger: Ledger): readonly Change[] => ledger.changes.filter((c) => c.state === 'pending');

/** The change voted on now: the first pending one. */
export const activeChange = (ledger: Ledger): Change | undefined => pendingChanges(ledger)[0];

const pendingFor = (ledger: Ledger, address: string): Change | undefined => pendingChanges(ledger).find((c) => sameAddress(c.address, address));
const memberOf = (ledger: Ledger, address: string): Member | undefined => ledger.members.find((m) => sameAddress(m.address, address));
const lastDone = (ledger: Ledger, address: string): Change | undefined => ledger.changes.filter((c) => c.state === 'done' && sameAddress(c.address, address)).at(-1);

export function addressState(ledger: Ledger, address: string): AddressState {
  const pending = pendingFor(ledger, address);
  if (includesAddress(ledger.signers, address)) return pending?.action === 'remove' ? 'removing' : 'signer';
  if (pending?.action === 'add') return 'approved';
  const member = memberOf(ledger, address);
  if (member !== undefined) return member.state;
  return lastDone(ledger, address)?.action === 'remove' ? 'removed' : 'unknown';
}

/** Gives the first pending change its starting block, and keeps the newest ENDED_CHANGES_KEPT ended ones. */
function settle(ledger: Ledger, at: string): Ledger {
  const active = activeChange(ledger);
  let changes = ledger.changes.map((c) => (c === active && c.sinceBlock === undefined ? { ...c, sinceBlock: ledger.block, activeAt: at } : c));
  const ended = changes.filter((c) => c.state !== 'pending');
  if (ended.length > ENDED_CHANGES_KEPT) {
    const drop = new Set(ended.slice(0, ended.length - ENDED_CHANGES_KEPT));
    changes = changes.filter((c) => !drop.has(c));
  }
  return { ...ledger, changes };
}

const nextId = (ledger: Ledger): number => Math.max(0, ...ledger.changes.map((c) => c.id)) + 1;

const withdraw = (ledger: Ledger, change: Change, at: string): Ledger =>
  settle({ ...ledger, changes: ledger.changes.map((c) => (c.id === change.id ? { ...c, state: 'withdrawn' as const, endedAt: at } : c)) }, at);

const append = (ledger: Ledger, address: string, action: ChangeAction, by: Change['by'], at: string): { ledger: Ledger; change: Change } => {
  const change: Change = { id: nextId(ledger), address, action, state: 'pending', by, approvedAt: at };
  const next = settle({ ...ledger, changes: [...ledger.changes, change] }, at);
  return { ledger: next, change: next.changes.find((c) => c.id === change.id) as Change };
};

export type RegisterOutcome =
  | { readonly kind: 'known'; readonly state: 'signer' | 'candidate' | 'removed'; readonly ledger: Ledger }
  | { readonly kind: 'new'; readonly ledger: Ledger }
  | { readonly kind: 'full' };

/**
 * A sealer that registers after the genesis: a signer (added by a vote) is known; a removed or
 * rejected one is told so (its agent runs without sealing); any other becomes a candidate, unless
 * `maxCandidates` are waiting already.
 */
export function registerCandidate(ledger: Ledger, address: string, at: string, maxCandidates: number): RegisterOutcome {
  const state = addressState(ledger, address);
  if (state === 'signer' || state === 'removing') return { kind: 'known', state: 'signer', ledger };
  if (state === 'candidate' || state === 'approved') return { kind: 'known', state: 'candidate', ledger };
  if (state === 'rejected' || state === 'removed') return { kind: 'known', state: 'removed', ledger };
  if (ledger.members.filter((m) => m.state === 'candidate').length >= maxCandidates) return { kind: 'full' };
  return { kind: 'new', ledger: { ...ledger, members: [...ledger.members, { address, state: 'candidate', since: at }] } };
}

/** An operator action's answer: 200 nothing new, 201 a change recorded, 404 unknown address, 409 refused by a rail. */
export interface ActionOutcome {
  readonly status: 200 | 201 | 404 | 409;
  readonly message: string;
  readonly ledger: Ledger;
  readonly change?: Change | undefined;
}

/**
 * `approve ADDRESS`: a candidate (or a rejected or removed sealer that registered) gets an `add`
 * change, if the rails allow it now; a signer being removed keeps its place (the removal is
 * withdrawn). `candidateSeals`: the candidate's node runs synced (it then counts as sealing).
 */
export function approve(ledger: Ledger, address: string, options: { by: Change['by']; view: SealingView; candidateSeals: boolean; at: string }): ActionOutcome {
  const state = addressState(ledger, address);
  const pending = pendingFor(ledger, address);
  if (state === 'removing' && pending !== undefined) return { status: 201, message: `removal of ${address} withdrawn`, ledger: withdraw(ledger, pending, options.at), change: pending };
  if (state === 'signer') return { status: 200, message: `${address} is a signer already`, ledger };
  if (state === 'approved') return { status: 200, message: `${address} is approved already (change ${pending?.id})`, ledger, change: pending };
  if (state === 'unknown') return { status: 404, message: `${address} is not a candidate: its sealer must register with this server first`, ledger };
  const verdict = checkChange({ action: 'add', address }, options.view, options.candidateSeals);
  if (!verdict.ok) return { status: 409, message: `refused: ${verdict.reason}`, ledger };
  const member = memberOf(ledger, address);
  const canonical = member?.address ?? address;
  const withMember = member === undefined ? ledger : { ...ledger, members: ledger.members.map((m) => (m === member ? { ...m, state: 'candidate' as const } : m)) };
  const { ledger: next, change } = append(withMember, canonical, 'add', options.by, options.at);
  return { status: 201, message: `${canonical} approved: the signers vote it in (change ${change.id})`, ledger: next, change };
}

/**
 * `remove ADDRESS`: a signer gets a `remove` change if the set left could still seal; a candidate
 * is rejected (its pending `add`, if any, withdrawn).
 */
export function remove(ledger: Ledger, address: string, options: { view: SealingView; at: string }): ActionOutcome {
  const state = addressState(ledger, address);
  const pending = pendingFor(ledger, address);
  const reject = (base: Ledger): Ledger => ({ ...base, members: base.members.map((m) => (sameAddress(m.address, address) ? { ...m, state: 'rejected' as const } : m)) });
  if (state === 'approved' && pending !== undefined) return { status: 201, message: `approval of ${address} withdrawn; it stays out of the signer set`, ledger: reject(withdraw(ledger, pending, options.at)), change: pending };
  if (state === 'candidate') return { status: 201, message: `candidate ${address} rejected`, ledger: reject(ledger) };
  if (state === 'removing') return { status: 200, message: `${address} is being removed already (change ${pending?.id})`, ledger, change: pending };
  if (state === 'rejected' || state === 'removed') return { status: 200, message: `${address} is not a signer (${state})`, ledger };
  if (state === 'unknown') return { status: 404, message: `${address} is neither a signer nor a candidate`, ledger };
  const verdict = checkChange({ action: 'remove', address }, options.view);
  if (!verdict.ok) return { status: 409, message: `refused: ${verdict.reason}`, ledger };
  const canonical = ledger.signers.find((s) => sameAddress(s, address)) ?? address;
  const { ledger: next, change } = append(ledger, canonical, 'remove', 'operator', options.at);
  return { status: 201, message: `${canonical} will be voted out (change ${change.id})`, ledger: next, change };
}

/**
 * A signer set read at `block` (a signer's report): newer than what the ledger holds, it becomes
 * the ledger's set, and the change voted on is done once a block after its start shows it.
 * Returns the ledger unchanged (same object) when nothing changes.
 */
export function observe(ledger: Ledger, read: { readonly block: number; readonly signers: readonly string[] }, at: string): { ledger: Ledger; done: readonly Change[] } {
  if (read.block <= ledger.block) return { ledger, done: [] };
  let next: Ledger = { ...ledger, block: read.block, signers: [...read.signers] };
  const done: Change[] = [];
  const active = activeChange(next);
  if (active !== undefined && read.block > (active.sinceBlock ?? 0) && inEffect(active, read.signers)) {
    const ended: Change = { ...active, state: 'done', endedAt: at, doneBlock: read.block };
    done.push(ended);
    // An added signer is a member no more; it is in the set.
    const members = active.action === 'add' ? next.members.filter((m) => !sameAddress(m.address, active.address)) : next.members;
    next = { ...next, members, changes: next.changes.map((c) => (c.id === active.id ? ended : c)) };
  }
  return { ledger: settle(next, at), done };
}
