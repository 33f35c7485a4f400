import { escapeHtml, pageShell, row } from './page-shell.js';
import type { IdentityView } from './status-view.js';

/** What the genesis server's `/status` returns, with the same conventions as a node agent's. */
export interface GenesisStatusView extends IdentityView {
  readonly role: 'genesis';
  readonly status: 'UP' | 'DOWN';
  readonly failing: readonly string[];
  readonly at: string;
  readonly genesis: { readonly sealed: boolean; readonly registered: number; readonly needed: number; readonly signers: readonly string[] };
  readonly bootnodes: readonly string[];
  /** The ethstats collector, when it runs. */
  readonly collector: { readonly nodes: number; readonly connected: number } | null;
}

export interface GenesisStatusFacts extends Omit<IdentityView, 'address'> {
  readonly now: number;
  readonly sealed: boolean;
  readonly registered: readonly string[];
  readonly needed: number;
  readonly bootnodes: readonly string[];
  readonly collector: { readonly nodes: number; readonly connected: number } | undefined;
}

/** Pure: the genesis server's facts -> its `/status` document. */
export function genesisStatusView(facts: GenesisStatusFacts): GenesisStatusView {
  const { now, sealed, registered, needed, bootnodes, collector, ...identity } = facts;
  return {
    ...identity,
    role: 'genesis',
    status: sealed ? 'UP' : 'DOWN',
    failing: sealed ? [] : ['genesis'],
    at: new Date(now).toISOString(),
    genesis: { sealed, registered: registered.length, needed, signers: [...registered] },
    bootnodes: [...bootnodes],
    collector: collector ?? null,
  };
}

/** `GET /` of role genesis: the same page conventions as a node agent's, from `/status`. */
export function renderGenesisStatusPage(view: GenesisStatusView, refreshSeconds: number): string {
  const list = (items: readonly string[], id: string): string =>
    `<table id="${id}">${items.length === 0 ? '<tr><td>none</td></tr>' : items.map((item) => `<tr><td>${escapeHtml(item)}</td></tr>`).join('')}</table>`;
  const body = `<h1>geth-agent <span id="role">genesis</span>: <span id="status" class="${view.status}">${escapeHtml(view.status)}</span></h1>
<table>
${row('name', 'node', view.name)}
${row('failing', 'failing checks', view.failing.length === 0 ? 'none' : view.failing.join(', '))}
${row('chain-id', 'chain id', view.chainId === undefined || view.chainId === null ? undefined : `${view.chainId}${view.networkId !== undefined && view.networkId !== null && view.networkId !== view.chainId ? ` (network id ${view.networkId})` : ''}`)}
${row('genesis-hash', 'genesis hash', view.genesisHash)}
${row('genesis-sha256', 'genesis sha256', view.genesisSha256)}
${row('genesis', 'genesis', view.genesis.sealed ? `sealed, ${view.genesis.needed} signers` : `collecting sealer registrations (${view.genesis.registered} of ${view.genesis.needed})`)}
${row('versions', 'versions', view.versions === undefined ? undefined : `geth-agent ${view.versions.agent}, node ${view.versions.node}${view.versions.geth === null ? '' : `, geth ${view.versions.geth}`}`)}
${row('collector', 'ethstats collector', view.collector === null ? 'off' : `${view.collector.connected} of ${view.collector.nodes} nodes connected`)}
${row('updated', 'updated', view.at)}
</table>
<h2>Signers</h2>
${list(view.genesis.signers, 'signers')}
<h2>Boot nodes</h2>
${list(view.bootnodes, 'bootnodes')}
<p><a href="/status">/status</a> &middot; <a href="/health">/health</a> &middot; <a href="/metrics">/metrics</a>${view.collector === null ? '' : ' &middot; <a href="/network">/network</a>'}</p>`;
  return pageShell(`geth-agent genesis ${view.status}`, refreshSeconds, body);
}
