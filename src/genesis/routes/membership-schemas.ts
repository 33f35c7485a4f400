/** Response schemas of the signer-set routes (fastify serializes only what they list). */
const nullable = (type: string) => ({ type: [type, 'null'] });

const memberSchema = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    state: { type: 'string' },
    live: { type: 'boolean' },
    sealing: { type: 'boolean' },
    block: nullable('integer'),
    reportedAt: nullable('string'),
    since: { type: 'string' },
  },
  required: ['address', 'state', 'live', 'sealing', 'block', 'reportedAt'],
} as const;

const changeSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    address: { type: 'string' },
    action: { type: 'string' },
    state: { type: 'string' },
    by: { type: 'string' },
    approvedAt: { type: 'string' },
    activeAt: { type: 'string' },
    sinceBlock: { type: 'integer' },
    endedAt: { type: 'string' },
    doneBlock: { type: 'integer' },
    active: { type: 'boolean' },
    votes: { type: 'array', items: { type: 'string' } },
    proposing: { type: 'array', items: { type: 'string' } },
    candidateLive: { type: 'boolean' },
  },
  required: ['id', 'address', 'action', 'state', 'by', 'approvedAt', 'active', 'votes', 'proposing'],
} as const;

export const membershipViewSchema = {
  type: 'object',
  properties: {
    admission: { type: 'string' },
    block: { type: 'integer' },
    signers: { type: 'array', items: memberSchema },
    candidates: { type: 'array', items: memberSchema },
    removed: { type: 'array', items: { type: 'string' } },
    changes: { type: 'array', items: changeSchema },
    activeSeconds: nullable('integer'),
  },
  required: ['admission', 'block', 'signers', 'candidates', 'removed', 'changes', 'activeSeconds'],
} as const;

export const operatorResultSchema = {
  type: 'object',
  properties: { address: { type: 'string' }, result: { type: 'string' }, change: { type: 'integer' } },
  required: ['address', 'result'],
} as const;
