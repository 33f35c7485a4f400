import { reportingTable } from '../ethstats/collector/page.js';
import { escapeHtml, pageShell, row } from '../http/page-shell.js';
import type { NetworkView } from './view.js';

const cells = (values: readonly unknown[]): string => values.map((v) => `<td>${escapeHtml(v ?? '-')}</td>`).join('');

const QUORUM_TEXT: Record<NetworkView['quorum']['state'], string> = {
  ok: 'ok',
  'at-risk': 'at risk: one more signer lost stops sealing',
  lost: 'lost: too few signers seal, the chain stands still',
  unknown: 'unknown: no block reported yet',
};

/**
 * The network page of the genesis server: the chain, the signer set and the clique quorum, every
 * node of every role, then the reporting nodes' details. Self-refreshing, no script; every value
 * escaped.
 */
export function renderFullNetworkPage(view: NetworkView, now: number, refreshSeconds = 5): string {
  const q = view.quorum;
  const signerRows = view.signers
    .map((s) => `<tr class="${s.sealedRecently ? 'up' : 'down'}">${cells([s.address, s.authorized ? 'yes' : 'no', s.sealedRecently ? 'yes' : 'no', s.blocksInWindow, s.lastBlock])}</tr>`)
    .join('\n');
  const memberRows = view.members.map((m) => `<tr>${cells([m.name, m.role, m.source, m.state, m.peers, m.head])}</tr>`).join('\n');
  const body = `<h1>Network</h1>
<table>
${row('chain-id', 'chain id', view.chainId === null ? undefined : `${view.chainId}${view.networkId !== null && view.networkId !== view.chainId ? ` (network id ${view.networkId})` : ''}`)}
${row('genesis-hash', 'genesis hash', view.genesis.hash ?? (view.genesis.sealed ? 'not computed (no geth on the genesis server)' : 'not sealed yet'))}
${row('genesis-sha256', 'genesis sha256', view.genesis.sha256)}
${row('quorum', 'quorum', `${q.sealing} of ${q.signers} signers sealing, ${q.needed} needed: ${QUORUM_TEXT[q.state]}`)}
${row('window', 'window', q.window.from === null ? `the newest ${q.window.blocks} blocks (none yet)` : `blocks ${q.window.from}-${q.window.to} (the newest ${q.window.blocks})`)}
</table>
<h2>Signers</h2>
<table id="signers"><thead><tr><th>address</th><th>authorized</th><th>sealed recently</th><th>blocks in window</th><th>last block</th></tr></thead>
<tbody>${signerRows === '' ? '<tr><td colspan="5">none</td></tr>' : signerRows}</tbody></table>
<h2>Nodes</h2>
<table id="members"><thead><tr><th>node</th><th>role</th><th>known from</th><th>state</th><th>peers</th><th>head</th></tr></thead>
<tbody>${memberRows}</tbody></table>
<h2>Reporting nodes</h2>
${reportingTable(view.nodes, now)}
<p>${view.members.length} node(s). JSON: <a href="/network?format=json">/network?format=json</a></p>`;
  return pageShell('geth-agent network', refreshSeconds, body);
}
