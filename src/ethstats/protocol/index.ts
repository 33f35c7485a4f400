export type { BlockStats, ClientMessage, Decoded, NodeInfo, NodeStats, ServerMessage } from './types.js';
export { historyRange } from './types.js';
export { canonicalBlock, encodeClient, encodeServer } from './encode.js';
export { decodeClient } from './decode-client.js';
export { decodeHistoryRequest, decodeServer } from './decode-server.js';
export { checkBlock, checkStats } from './decode-block.js';
