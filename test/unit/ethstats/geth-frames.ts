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
  /** A sealed clique block with three transactions (miner = the recovered signer). */
  sealedBlock:
    '{"emit":["block",{"block":{"number":3,"hash":"0x60ba2b58f1371148fa3676f7040999b6ae2374e1038c544c2f0c3920198beb7f","parentHash":"0x90924564d2716d90c60dd7b551a1cd592ab3ff1b7f0114fa2a5447464d971856","timestamp":1796199403,"miner":"0xe12d996e5faecf1f69634979ac55bbdd444ce980","gasUsed":63000,"gasLimit":30000000,"difficulty":"2","totalDifficulty":"7","transactions":[{"hash":"0x1811da4eeef3c44cd81c7e3291f959ff899f25c7ebc350439f25cd807570ee3f"},{"hash":"0x1855fd2865d23fb2f7957114e47794d0b00e41c130ca80757a8adac7d6332871"},{"hash":"0x420976c11120089058cc0817e13d0341644ce11a57808a8ccfd0f1bf01dce36d"}],"transactionsRoot":"0x418a30fe49d6d3995f3924112db09941ae4dbbf9e745f025fb5ba5e29086f50b","stateRoot":"0xd1e4878d19c09d54c2d69ea0c33212dc7ca256f948016e648592d26db2cd1231","uncles":[]},"id":"geth-builtin"}]}',
  /** The answer to a history request for blocks [1, 2, 3]: newest first. */
  history:
    '{"emit":["history",{"history":[{"number":3,"hash":"0x60ba2b58f1371148fa3676f7040999b6ae2374e1038c544c2f0c3920198beb7f","parentHash":"0x90924564d2716d90c60dd7b551a1cd592ab3ff1b7f0114fa2a5447464d971856","timestamp":1796199403,"miner":"0xe12d996e5faecf1f69634979ac55bbdd444ce980","gasUsed":63000,"gasLimit":30000000,"difficulty":"2","totalDifficulty":"7","transactions":[{"hash":"0x1811da4eeef3c44cd81c7e3291f959ff899f25c7ebc350439f25cd807570ee3f"},{"hash":"0x1855fd2865d23fb2f7957114e47794d0b00e41c130ca80757a8adac7d6332871"},{"hash":"0x420976c11120089058cc0817e13d0341644ce11a57808a8ccfd0f1bf01dce36d"}],"transactionsRoot":"0x418a30fe49d6d3995f3924112db09941ae4dbbf9e745f025fb5ba5e29086f50b","stateRoot":"0xd1e4878d19c09d54c2d69ea0c33212dc7ca256f948016e648592d26db2cd1231","uncles":[]},{"number":2,"hash":"0x90924564d2716d90c60dd7b551a1cd592ab3ff1b7f0114fa2a5447464d971856","parentHash":"0x56175ac1528a89169e2503a9a093c2cbb14792701297a0c55ebc85882dc32f6b","timestamp":1796199402,"miner":"0xe12d996e5faecf1f69634979ac55bbdd444ce980","gasUsed":0,"gasLimit":30000000,"difficulty":"2","totalDifficulty":"5","transactions":[],"transactionsRoot":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421","stateRoot":"0xf534b4de3b0f91f54d21ece0da3a14eb0ed7a5e86d07d4a29fc33818f3c9641c","uncles":[]},{"number":1,"hash":"0x56175ac1528a89169e2503a9a093c2cbb14792701297a0c55ebc85882dc32f6b","parentHash":"0xc5e8d7d54b74515d9ffe04ed7a037921846add6bac7c7ba46e1b51b8d3f93eec","timestamp":1796199401,"miner":"0xe12d996e5faecf1f69634979ac55bbdd444ce980","gasUsed":0,"gasLimit":30000000,"difficulty":"2","totalDifficulty":"3","transactions":[],"transactionsRoot":"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421","stateRoot":"0xf534b4de3b0f91f54d21ece0da3a14eb0ed7a5e86d07d4a29fc33818f3c9641c","uncles":[]}],"id":"geth-builtin"}]}',
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
