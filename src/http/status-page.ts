import type { DecisionEntry, IdentityView, StatusView } from './status-view.js';
import { escapeHtml, pageShell, row } from './page-shell.js';

export { escapeHtml } from './page-shell.js';

const decisionsOf = (view: StatusView): readonly DecisionEntry[] =>
  Array.isArray(view.decisions) ? view.decisions.filter((d): d is DecisionEntry => typeof d === 'object' && d !== null).slice(-10).reverse() : [];

/**
 * `GET /`: one small self-refreshing HTML page (no framework, no script) rendered from the same
 * document as `/status`. Every value is escaped.
 */
export function renderStatusPage(view: StatusView, refreshSeconds: number): string {
  const head = view.head;
  const restarts = Object.entries(view.geth.restarts).map(([reason, n]) => `${reason}: ${n}`).join(', ');
  const decisions = decisionsOf(view)
    .map((d) => `<tr><td>${escapeHtml(new Date(d.at).toISOString())}</td><td>${escapeHtml(d.action)}</td><td>${escapeHtml(d.reason ?? '')}</td></tr>`)
    .join('');
  const id = view as StatusView & IdentityView;
  const body = `<h1>geth-agent <span id="role">${escapeHtml(view.role)}</span>: <span id="status" class="${view.status}">${escapeHtml(view.status)}</span></h1>
<table>
${row('name', 'node', id.name)}
${row('failing', 'failing checks', view.failing.length === 0 ? 'none' : view.failing.join(', '))}
${view.role === 'sealer' ? row('address', 'sealer address', id.address) : ''}
${row('chain-id', 'chain id', id.chainId === undefined || id.chainId === null ? undefined : `${id.chainId}${id.networkId !== undefined && id.networkId !== null && id.networkId !== id.chainId ? ` (network id ${id.networkId})` : ''}`)}
${row('genesis-hash', 'genesis hash', id.genesisHash)}
${row('enode', 'enode', view.enode)}
${row('geth', 'geth', `${view.geth.state}${view.geth.pid === null ? '' : ` (pid ${view.geth.pid})`}`)}
${row('versions', 'versions', id.versions === undefined ? undefined : `geth ${id.versions.geth ?? 'unknown'}, geth-agent ${id.versions.agent}, node ${id.versions.node}`)}
${row('peers', 'peers', view.peers === null ? '-' : `${view.peers} (min ${view.minPeers})`)}
${row('head', 'head', head === null ? '-' : `#${head.number} ${head.hash}`)}
${row('head-age', 'head age', head === null ? '-' : `${head.ageSeconds} s`)}
${row('sync', 'syncing', view.sync === null ? '-' : view.sync.syncing ? `yes (${view.sync.current} / ${view.sync.highest})` : 'no')}
${row('restarts', 'restarts', `${view.geth.restartsTotal}${restarts === '' ? '' : ` (${restarts})`}`)}
${view.signer === null ? '' : row('signer', 'signer', `${view.signer.isSigner === true ? 'authorized' : 'not authorized'}, ${view.signer.signers} signers, last sealed ${view.signer.lastSealedAt ?? 'never'}`)}
${row('updated', 'updated', view.at)}
</table>
<h2>Last decisions</h2>
<table id="decisions"><tr><th>at</th><th>action</th><th>reason</th></tr>${decisions === '' ? '<tr><td colspan="3">none</td></tr>' : decisions}</table>
<p><a href="/status">/status</a> &middot; <a href="/health">/health</a> &middot; <a href="/metrics">/metrics</a></p>`;
  return pageShell(`geth-agent ${view.role} ${view.status}`, refreshSeconds, body);
}
