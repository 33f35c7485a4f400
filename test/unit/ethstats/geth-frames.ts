/** Frames recorded from geth v1.13.15's built-in reporter (--ethstats) on a loopback clique chain. */
export const gethFrames = {
  hello:
    '{"emit":["hello",{"id":"node-a","info":{"name":"node-a","node":"Geth/v1.13.15-stable/linux-amd64/go1.26.8","port":44741,"net":"4242","protocol":"eth/68, snap/1","api":"No","os":"linux","os_v":"amd64","client":"0.1.1","canUpdateHistory":true},"secret":"sec"}]}',
  ping: '{"emit":["node-ping",{"clientTime":"2026-11-22 02:34:48.166107451 +0000 UTC m=+0.248113524","id":"node-a"}]}',
  latency: '{"emit":["latency",{"id":"node-a","latency":"0"}]}',
  genesisBlock:
    '{"emit":["block",{"block":{"number":0,"hash":"0x49a367ce1d682fba281537b13d08b4cf5166fffdd4b97798f7e345f6152d76d5","parentHash":"0x0000000000000000000000000000000000000000000000000000000000000000","timestamp":0,"miner":"0x0000000000000000000000000000000000000000","gasUsed":0,"gasLimit":30000000,"difficulty":"1","totalDifficulty":"1","transactions":[],"transactionsRoot":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421","stateRoot":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421","uncles":[]},"id":"node-a"}]}',
  pending: '{"emit":["pending",{"id":"node-a","stats":{"pending":0}}]}',
  stats: '{"emit":["stats",{"id":"node-a","stats":{"active":true,"syncing":true,"mining":false,"hashrate":0,"peers":0,"gasPrice":2000000000,"uptime":100}}]}',
  emptyHistory: '{"emit":["history",{"history":[],"id":"node-a"}]}',
  primusPong: '"primus::pong::123"',
} as const;

/** A sealed clique block with one transaction, in geth's blockStats shape. */
export const sealedBlock = {
  number: 7,
  hash: '0x' + 'ab'.repeat(32),
  parentHash: '0x' + 'cd'.repeat(32),
  timestamp: 1_763_777_000,
  miner: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  gasUsed: 21000,
  gasLimit: 30000000,
  difficulty: '2',
  totalDifficulty: '15',
  transactions: [{ hash: '0x' + '11'.repeat(32) }],
  transactionsRoot: '0x' + '22'.repeat(32),
  stateRoot: '0x' + '33'.repeat(32),
  uncles: [],
};
