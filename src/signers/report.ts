import { isHexBytes } from '../eth/address.js';

/**
 * What a signer's (or candidate's) agent reports to the genesis server after each look at its
 * chain. Sent as a JSON string signed by the reporter's account key (EIP-191, through geth's
 * eth_sign: the key stays in geth), so the server knows which sealer says it.
 */
export interface SignerReport {
  /** The reporting sealer (checksummed or lower case). */
  readonly address: string;
  readonly network: number;
  /** Reporter's clock, ms: the server takes each reporter's reports in order, within a window of its own clock. */
  readonly timestamp: number;
  readonly block: number;
  readonly hash: string;
  /** clique_getSigners at `block`. */
  readonly signers: readonly string[];
  /** Signers that sealed at least one of the last blocks (clique_status sealerActivity). */
  readonly sealing: readonly string[];
  /** Votes in the clique snapshot at `block` (reset at each epoch). */
  readonly votes: readonly { readonly signer: string; readonly address: string; readonly authorize: boolean }[];
  /** clique_proposals: what this node votes for in the blocks it seals. */
  readonly proposals: Readonly<Record<string, boolean>>;
  /** eth_mining. */
  readonly mining: boolean;
}

/** The exact text signed: a fixed first line, then the report's JSON. */
export const signerReportMessage = (json: string): string => `geth-agent signer report\n${json}`;

/** Most entries in any list of a report (signer sets are small; a larger list is refused). */
export const REPORT_LIST_MAX = 256;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const isAddress = (v: unknown): v is string => typeof v === 'string' && ADDRESS.test(v);
const isAddressList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= REPORT_LIST_MAX && v.every(isAddress);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** A report from untrusted JSON text, or a problem. Never throws. */
export function parseSignerReport(json: string): { ok: true; report: SignerReport } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'report is not JSON' };
  }
  const r = value as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return { ok: false, problem: 'report is not an object' };
  if (!isAddress(r.address)) return { ok: false, problem: 'address: expected 0x + 40 hex' };
  if (!isCount(r.network) || !isCount(r.timestamp) || !isCount(r.block)) return { ok: false, problem: 'network, timestamp, block: expected non-negative integers' };
  if (!isHexBytes(r.hash, 32)) return { ok: false, problem: 'hash: expected 0x + 64 hex' };
  if (!isAddressList(r.signers) || r.signers.length === 0) return { ok: false, problem: `signers: expected 1 to ${REPORT_LIST_MAX} addresses` };
  if (!isAddressList(r.sealing)) return { ok: false, problem: `sealing: expected at most ${REPORT_LIST_MAX} addresses` };
  const votes = r.votes;
  if (!Array.isArray(votes) || votes.length > REPORT_LIST_MAX || !votes.every((v) => {
    const vote = v as Record<string, unknown> | null;
    return typeof vote === 'object' && vote !== null && isAddress(vote.signer) && isAddress(vote.address) && typeof vote.authorize === 'boolean';
  })) return { ok: false, problem: 'votes: expected a list of {signer, address, authorize}' };
  const proposals = r.proposals;
  if (typeof proposals !== 'object' || proposals === null || Array.isArray(proposals)) return { ok: false, problem: 'proposals: expected an object' };
  const entries = Object.entries(proposals);
  if (entries.length > REPORT_LIST_MAX || !entries.every(([k, v]) => isAddress(k) && typeof v === 'boolean')) return { ok: false, problem: 'proposals: expected {address: boolean}' };
  if (typeof r.mining !== 'boolean') return { ok: false, problem: 'mining: expected a boolean' };
  return {
    ok: true,
    report: {
      address: r.address, network: r.network, timestamp: r.timestamp, block: r.block, hash: r.hash as string,
      signers: r.signers, sealing: r.sealing,
      votes: (votes as Array<{ signer: string; address: string; authorize: boolean }>).map((v) => ({ signer: v.signer, address: v.address, authorize: v.authorize })),
      proposals: Object.fromEntries(entries) as Record<string, boolean>,
      mining: r.mining,
    },
  };
}
