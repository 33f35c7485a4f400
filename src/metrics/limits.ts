/**
 * Every `limit` label value of `geth_agent_limit_refusals_total`, by the listener that enforces it.
 * Code that refuses an input names one of these (the type is the contract), and each registry
 * starts the counter at 0 for the names its role can refuse, so `increase()` alerts see a series
 * on an agent that never refused anything.
 */
export const HTTP_LIMITS = Object.freeze([
  /** The listener already holds its most connections: one more is closed at once. */
  'http_connections',
  /** A request not received within the request timeout. */
  'http_request_timeout',
  /** Request headers over the size limit. */
  'http_header_size',
] as const);

/** Role genesis: sealer registrations and the boot-node directory. */
export const GENESIS_LIMITS = Object.freeze([
  /** A registration presented a challenge already used. */
  'challenges_used',
  /** The boot-node directory is full: a new id is refused until an entry expires. */
  'directory_full',
  /** A published boot-node address that is not an address other hosts can reach. */
  'directory_address',
  /** A published boot-node address outside GETH_AGENT_NETRESTRICT. */
  'directory_netrestrict',
] as const);

/** Role genesis with the ethstats collector on. */
export const COLLECTOR_LIMITS = Object.freeze([
  /** More bytes than allowed before an accepted hello. */
  'collector_prelogin_bytes',
  /** Too many connections logging in at once. */
  'collector_connections',
  /** Too many connections logging in at once from one address. */
  'collector_connections_per_address',
  /** Every node record is a connected node: a new id is refused. */
  'collector_nodes',
  /** No hello within the login timeout. */
  'collector_login_timeout',
  /** A logged-in reporter's frame over the frame limit. */
  'collector_frame',
  /** A logged-in reporter sending faster than its rate: reading from it pauses. */
  'collector_rate',
] as const);

export type HttpLimit = (typeof HTTP_LIMITS)[number];
export type GenesisLimit = (typeof GENESIS_LIMITS)[number];
export type CollectorLimit = (typeof COLLECTOR_LIMITS)[number];
export type LimitName = HttpLimit | GenesisLimit | CollectorLimit;

/** Every limit name known, each once. */
export const LIMIT_NAMES: readonly LimitName[] = Object.freeze([...HTTP_LIMITS, ...GENESIS_LIMITS, ...COLLECTOR_LIMITS]);

/** The limits a node agent (boot, sealer, client) can refuse by. */
export const NODE_AGENT_LIMITS: readonly LimitName[] = HTTP_LIMITS;
/** The limits the genesis server can refuse by (its collector's when it runs one). */
export const GENESIS_SERVER_LIMITS: readonly LimitName[] = Object.freeze([...HTTP_LIMITS, ...GENESIS_LIMITS, ...COLLECTOR_LIMITS]);
