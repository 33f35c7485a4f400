import type { BlockStats, ClientMessage, NodeStats, ServerMessage } from './types.js';

const emit = (event: string, payload?: unknown): string =>
  JSON.stringify({ emit: payload === undefined ? [event] : [event, payload] });

/** The exact text frame a reporter sends for `message` (shapes as geth sends them). */
export function encodeClient(message: ClientMessage): string {
  switch (message.type) {
    case 'hello':
      return emit('hello', { id: message.id, info: message.info, secret: message.secret });
    case 'node-ping':
      return emit('node-ping', { id: message.id, clientTime: message.clientTime });
    case 'latency':
      return emit('latency', { id: message.id, latency: message.latency });
    case 'block':
      return emit('block', { id: message.id, block: reportedBlock(message.block) });
    case 'pending':
      return emit('pending', { id: message.id, stats: { pending: message.pending } });
    case 'stats':
      return emit('stats', { id: message.id, stats: canonicalStats(message.stats) });
    case 'history':
      return emit('history', { id: message.id, history: message.history.map(reportedBlock) });
    case 'primus-pong':
      return JSON.stringify(`primus::pong::${message.stamp}`);
    case 'primus-ping':
      return JSON.stringify(`primus::ping::${message.stamp}`);
    case 'primus-latency':
      return JSON.stringify({ _latency: 0 });
    case 'unknown':
      return emit(message.event);
  }
}

/** The exact text frame a server (the collector) sends for `message`. */
export function encodeServer(message: ServerMessage): string {
  switch (message.type) {
    case 'ready':
      return emit('ready');
    case 'node-pong':
      return emit('node-pong', { clientTime: message.clientTime, serverTime: message.serverTime });
    case 'history-request': {
      const list = message.list;
      if (list === undefined) return emit('history', false);
      return emit('history', { max: list.length ? Math.max(...list) : 0, min: list.length ? Math.min(...list) : 0, list });
    }
    case 'primus-ping':
      return JSON.stringify(`primus::ping::${message.stamp}`);
    case 'primus-pong':
      return JSON.stringify(`primus::pong::${message.stamp}`);
    case 'primus-close':
      return JSON.stringify('primus::server::close');
    case 'unknown':
      return emit(message.event);
  }
}

/** Field order and casing as geth's blockStats; hex lower-cased; `uncles` never null. */
export function canonicalBlock(block: BlockStats): BlockStats {
  return {
    number: block.number,
    hash: block.hash.toLowerCase(),
    parentHash: block.parentHash.toLowerCase(),
    timestamp: block.timestamp,
    miner: block.miner.toLowerCase(),
    gasUsed: block.gasUsed,
    gasLimit: block.gasLimit,
    difficulty: block.difficulty,
    totalDifficulty: block.totalDifficulty,
    transactions: block.transactions.map((tx) => ({ hash: tx.hash.toLowerCase() })),
    transactionsRoot: block.transactionsRoot.toLowerCase(),
    stateRoot: block.stateRoot.toLowerCase(),
    uncles: [...(block.uncles ?? [])],
  };
}

/** geth's shape, plus the `extraData` field that marks a JSON-RPC-shaped block (its value is not kept). */
const reportedBlock = (block: BlockStats): BlockStats | (BlockStats & { extraData: string }) =>
  block.minerIsCoinbase === true ? { ...canonicalBlock(block), extraData: '0x' } : canonicalBlock(block);

const canonicalStats = (stats: NodeStats): NodeStats => ({
  active: stats.active,
  syncing: stats.syncing,
  mining: stats.mining,
  hashrate: stats.hashrate,
  peers: stats.peers,
  gasPrice: stats.gasPrice,
  uptime: stats.uptime,
});
