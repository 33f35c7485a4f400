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
  429: errorSchema,
  503: errorSchema,
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

export const bootnodeBodySchema = {
  type: 'object',
  properties: { enode: { type: 'string', maxLength: 400 } },
  required: ['enode'],
  additionalProperties: false,
} as const;
