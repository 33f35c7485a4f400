import type { FaultKind } from './record.js';
import type { Random } from './random.js';

export interface PlannedFault {
  readonly kind: FaultKind;
  readonly target: string;
}

export type FaultWeights = ReadonlyArray<readonly [FaultKind, number]>;

/** Relative weights: node-level faults are the common case; boot/genesis restarts and junk less often. */
const loopbackWeights: FaultWeights = [
  ['kill-geth', 4], ['stop-geth', 2], ['term-agent', 3], ['drop-peers', 2], ['restart-boot', 1], ['restart-genesis', 1], ['malformed', 1],
];

/** Pods add what only containers on a network of their own can show: partitions, new addresses, container kills. */
const podWeights: FaultWeights = [...loopbackWeights, ['partition', 3], ['address-change', 2], ['kill-container', 2]];

/** The fault weights of a soak on loopback or on pods. */
export const faultWeights = (pods: boolean): FaultWeights => (pods ? podWeights : loopbackWeights);

/** Every kind of fault the soak injects. */
export const faultKinds = (weights: FaultWeights = loopbackWeights): FaultKind[] => weights.map(([kind]) => kind);

/**
 * The next fault (pure given the random source): the kinds not injected yet come first, so even a
 * short soak covers each kind once; then weighted at random. Targets: sealers and clients for
 * node faults (partitions and container kills too), clients for peer drops, any node but the
 * genesis server for address changes.
 */
export function nextFault(random: Random, done: readonly FaultKind[], names: { sealers: readonly string[]; clients: readonly string[] }, weights: FaultWeights = loopbackWeights): PlannedFault {
  const pending = weights.map(([kind]) => kind).filter((kind) => !done.includes(kind));
  let kind: FaultKind;
  if (pending.length > 0) kind = random.pick(pending);
  else {
    const total = weights.reduce((sum, [, w]) => sum + w, 0);
    let roll = random.next() * total;
    kind = weights[weights.length - 1]?.[0] as FaultKind;
    for (const [k, w] of weights) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
  }
  const nodes = [...names.sealers, ...names.clients];
  switch (kind) {
    case 'drop-peers':
      return { kind, target: random.pick(names.clients) };
    case 'restart-boot':
      return { kind, target: 'boot' };
    case 'restart-genesis':
      return { kind, target: 'genesis' };
    case 'malformed':
      return { kind, target: 'all' };
    case 'address-change':
      // The boot node moves too: the directory must follow it.
      return { kind, target: random.pick([...nodes, 'boot']) };
    default:
      return { kind, target: random.pick(nodes) };
  }
}
