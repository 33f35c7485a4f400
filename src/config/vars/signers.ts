import { defineVar } from '../spec.js';
import { integer, oneOf, seconds, text } from '../kinds.js';

const group = 'Signer set';

export const admissions = ['manual', 'auto'] as const;

/** GETH_AGENT_* variables of the elastic signer set (candidates, operator approval, agents' votes). */
export const signerVars = {
  signerAdmission: defineVar(oneOf(admissions), {
    group, roles: ['genesis'],
    default: 'manual',
    doc: 'Role genesis: what happens to a sealer that registers after the genesis was sealed (a candidate). `manual`: it waits until the operator approves it (`geth-agent signers approve ADDRESS`); `auto`: it is approved at once, when the signers could still reach quorum with it. Either way the signers\' agents then vote it in (`clique_propose`).',
  }),
  operatorSecret: defineVar(text('string'), {
    group, roles: ['genesis'],
    secret: true,
    doc: 'The operator\'s secret: authorizes `geth-agent signers approve|remove` (`POST /signers/approve`, `POST /signers/remove`) at the genesis server, and lets the operator list (`GET /signers/changes`). Set on the genesis server and where the operator runs the command; no node holds it (a node agent with it set refuses to start), and it must differ from `GETH_AGENT_NETWORK_SECRET`.',
  }),
  signerPollSeconds: defineVar(seconds(0.1), {
    group, roles: ['sealer'],
    default: 5,
    doc: 'Role sealer: how often the agent reads the approved signer changes from the genesis server, compares them with its chain (`clique_getSigners`, `clique_proposals`), casts or discards its vote, and reports what it sees.',
  }),
  signerReportTtlSeconds: defineVar(seconds(1), {
    group, roles: ['genesis'],
    default: 30,
    doc: 'Role genesis: a sealer whose agent has not reported for this long counts as not sealing (for the quorum rail) and a candidate as not running.',
  }),
  signerCandidatesMax: defineVar(integer(1, 10_000), {
    group, roles: ['genesis'],
    default: 64,
    doc: 'Role genesis: most candidates waiting at once; one more registration is refused (`507`, `limit_refusals_total{limit="candidates_full"}`) until the operator approves or removes one.',
  }),
};
