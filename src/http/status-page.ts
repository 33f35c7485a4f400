import type { DecisionEntry, StatusView } from './status-view.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const row = (id: string, label: string, value: unknown): string =>
  `<tr><th>${escapeHtml(label)}</th><td id="${id}">${escapeHtml(value ?? '-')}</td></tr>`;

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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${refreshSeconds}">
<title>geth-agent ${escapeHtml(view.role)} ${escapeHtml(view.status)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:.25em .8em;border-bottom:1px solid #ddd;vertical-align:top}td{font-family:ui-monospace,monospace;word-break:break-all}.UP{color:#176b2c}.DOWN{color:#b00020}</style>
</head><body>
<h1>geth-agent <span id="role">${escapeHtml(view.role)}</span>: <span id="status" class="${view.status}">${escapeHtml(view.status)}</span></h1>
<table>
${row('failing', 'failing checks', view.failing.length === 0 ? 'none' : view.failing.join(', '))}
${row('enode', 'enode', view.enode)}
${row('geth', 'geth', `${view.geth.state}${view.geth.pid === null ? '' : ` (pid ${view.geth.pid})`}`)}
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
<p><a href="/status">/status</a> &middot; <a href="/health">/health</a> &middot; <a href="/metrics">/metrics</a></p>
</body></html>
`;
}
