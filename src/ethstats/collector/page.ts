import type { NodeView } from './state.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value ?? '-').replace(/[&<>"']/g, (c) => escapes[c] ?? c);

const short = (hash: string): string => `${hash.slice(0, 10)}…`;

/** The table of reporting nodes: one row per node; every value escaped. */
export function reportingTable(nodes: readonly NodeView[], now: number): string {
  const rows = nodes.map((n) => {
    const cells = [
      n.name,
      n.role,
      n.connected ? (n.active === false ? 'geth down' : 'online') : 'offline',
      n.peers,
      n.head === null ? '-' : `${n.head.number} (${short(n.head.hash)})`,
      n.blockTime === null ? '-' : `${n.blockTime} s`,
      n.latency === null ? '-' : `${n.latency} ms`,
      n.pending,
      n.uptime === null ? '-' : `${n.uptime} %`,
      `${Math.max(0, Math.round((now - Date.parse(n.lastSeen)) / 1000))} s ago`,
    ];
    return `<tr class="${n.connected ? 'up' : 'down'}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  const head = ['node', 'role', 'state', 'peers', 'head', 'block time', 'latency', 'pending', 'uptime', 'last seen'];
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

/** The network page of the collector alone: one table row per node, refreshed every 5 s. */
export function renderNetworkPage(nodes: readonly NodeView[], now: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>geth-agent network</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}tr.down{color:#999}</style>
</head><body><h1>Network</h1><p>${nodes.length} node(s). JSON: <a href="/network?format=json">/network?format=json</a></p>
${reportingTable(nodes, now)}</body></html>
`;
}
