/** JSON schemas of the genesis server's routes (requests and responses). */
export const errorSchema = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } as const;

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  413: errorSchema,
  415: errorSchema,
  422: errorSchema,
  429: errorSchema,
  503: errorSchema,
  507: errorSchema,
} as const;

export const registrationSchema = {
  type: 'object',
  properties: {
    address: { type: 'string' },
    registered: { type: 'integer' },
    needed: { type: 'integer' },
    sealed: { type: 'boolean' },
  },
  required: ['address', 'registered', 'needed', 'sealed'],
} as const;

export const signerBodySchema = {
  type: 'object',
  properties: {
    address: { type: 'string', maxLength: 42 },
    challenge: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    signature: { type: 'string', pattern: '^0x[0-9a-fA-F]{130}$' },
  },
  required: ['address', 'challenge', 'signature'],
  additionalProperties: false,
} as const;

/**
 * A signed publication. Only `enode` is required here, so an unsigned body from an older boot
 * agent reaches the handler and gets a message saying what is expected instead of a schema error.
 * Types are checked in the handler too (no coercion: a signed number must arrive as a number).
 */
export const bootnodeBodySchema = {
  type: 'object',
  properties: {
    enode: { type: 'string', maxLength: 400 },
    network: {},
    timestamp: {},
    signature: { type: 'string', maxLength: 200 },
  },
  required: ['enode'],
  additionalProperties: false,
} as const;
