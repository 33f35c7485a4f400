import { defineVar } from '../spec.js';
import { integer, parseAddress, seconds, sha256Hex } from '../kinds.js';
import { accept, reject, type Kind, type Parsed } from '../spec.js';

const group = 'Genesis';

/** One prefunded account: `0xADDRESS` (default balance) or `0xADDRESS=WEI` (decimal wei). */
export interface Prefund {
  readonly address: string;
  /** Decimal wei; undefined = GETH_AGENT_PREFUND_BALANCE. */
  readonly balance?: string;
}

function parsePrefundEntry(raw: string): Parsed<Prefund> {
  const [addressRaw = '', balance, extra] = raw.split('=').map((s) => s.trim());
  if (extra !== undefined) return reject('0xADDRESS or 0xADDRESS=WEI');
  const address = parseAddress(addressRaw);
  if (!address.ok) return address;
  if (balance === undefined) return accept(Object.freeze({ address: address.value }));
  if (!/^[0-9]{1,60}$/.test(balance)) return reject('a balance in wei (decimal digits)');
  return accept(Object.freeze({ address: address.value, balance: BigInt(balance).toString() }));
}

const prefundList = (): Kind<readonly Prefund[]> => ({
  kind: 'comma-separated 0xADDRESS[=WEI]',
  parse: (raw) => {
    const out: Prefund[] = [];
    for (const entry of raw.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const parsed = parsePrefundEntry(entry);
      if (!parsed.ok) return reject(`comma-separated 0xADDRESS[=WEI] (entry ${JSON.stringify(entry.slice(0, 50))}: expected ${parsed.expected})`);
      if (out.some((p) => p.address === parsed.value.address)) return reject(`entries without duplicates (${parsed.value.address} repeats)`);
      out.push(parsed.value);
    }
    return accept(Object.freeze(out));
  },
  show: (value) => value.map((p) => (p.balance === undefined ? p.address : `${p.address}=${p.balance}`)).join(','),
});

const wei = (): Kind<string> => ({
  kind: 'wei',
  parse: (raw) => (/^[0-9]{1,60}$/.test(raw) ? accept(BigInt(raw).toString()) : reject('a balance in wei (decimal digits)')),
});

/** GETH_AGENT_* variables of the genesis concern (server side: building; node side: fetching). */
export const genesisVars = {
  gasLimit: defineVar(integer(5000, 2 ** 53 - 1), { group, default: 30_000_000, doc: 'Genesis block gas limit.' }),
  cliqueEpoch: defineVar(integer(1, 10_000_000), {
    group,
    default: 30_000,
    doc: 'Clique epoch (blocks between checkpoints that reset pending votes). Used when building the genesis.',
  }),
  prefund: defineVar(prefundList(), {
    group,
    doc: 'Extra accounts funded in the genesis, `0xADDRESS` or `0xADDRESS=WEI`, comma-separated. Signers are always funded.',
  }),
  prefundBalance: defineVar(wei(), {
    group,
    default: '1000000000000000000000000',
    doc: 'Balance in wei of every signer and of prefund entries without `=WEI` (default 1,000,000 ether).',
  }),
  genesisReset: defineVar(sha256Hex(), {
    group,
    doc: 'Role genesis: DELIBERATELY start a new chain. Set to the sha256 of the stored genesis (`X-Genesis-Sha256`, `GET /genesis`): it and the collected signers are moved aside to `*.reset-<timestamp>` (never deleted) and a new genesis is built. Every existing node will refuse the new one. Left set, it does nothing more (the new genesis has another sha256).',
  }),
  signerChallengeTtlSeconds: defineVar(seconds(1), {
    group,
    default: 300,
    doc: 'Role genesis: how long a `GET /signers/challenge` challenge stays valid (single use).',
  }),
  bootnodeTtlSeconds: defineVar(seconds(1), {
    group,
    default: 300,
    doc: 'Role genesis: a published boot node is listed for this long after its last `POST /bootnodes` (boot agents republish every third of it).',
  }),
  bootnodeDirectoryMax: defineVar(integer(1, 100_000), {
    group,
    default: 256,
    doc: 'Role genesis: most boot-node ids listed at once. When full, a new id is refused (`507`, counted as `limit_refusals_total{limit="directory_full"}`) until an entry expires; a listed boot node is never evicted to make room.',
  }),
  bootnodeSignatureWindowSeconds: defineVar(seconds(1), {
    group,
    default: 120,
    doc: 'Role genesis: a boot-node publication is accepted only when its signed timestamp is within this many seconds of the server\'s clock (bounds replays; allows for clock skew).',
  }),
  genesisSha256: defineVar(sha256Hex(), {
    group,
    doc: 'Pin: the sha256 of the genesis file the node must receive; any other is refused (exit 65).',
  }),
  genesisDeadlineSeconds: defineVar(seconds(1), {
    group,
    default: 300,
    doc: 'Nodes without a cached genesis retry the genesis server this long, then exit 69.',
  }),
  genesisFetchTimeoutSeconds: defineVar(seconds(0.05), {
    group,
    default: 10,
    doc: 'Timeout of one genesis request (connect to last byte).',
  }),
  genesisRetryMinSeconds: defineVar(seconds(0.01), { group, default: 1, doc: 'First delay between genesis fetch attempts (doubles, with jitter).' }),
  genesisRetryMaxSeconds: defineVar(seconds(0.01), { group, default: 30, doc: 'Longest delay between genesis fetch attempts.' }),
  genesisMaxBytes: defineVar(integer(1024, 256 * 1024 * 1024), {
    group,
    default: 4 * 1024 * 1024,
    doc: 'Largest genesis response accepted, in bytes (bigger ones are refused).',
  }),
};
