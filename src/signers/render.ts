/** `geth-agent signers list`: the genesis server's signer-set view as text (the reply is untrusted: every field is checked). */

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).replace(/[^\x20-\x7e]/g, '?').slice(0, 80) : '-');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined);

function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export function renderMembership(view: unknown): string {
  const signers = list(field(view, 'signers'));
  const candidates = list(field(view, 'candidates'));
  const changes = list(field(view, 'changes'));
  const pending = changes.filter((c) => field(c, 'state') === 'pending');
  const ended = changes.filter((c) => field(c, 'state') !== 'pending').slice(-5);
  const out = [`admission: ${text(field(view, 'admission'))}; signer set read at block ${text(field(view, 'block'))}`, '', `signers (${signers.length}):`];
  out.push(table([['ADDRESS', 'STATE', 'SEALING', 'AGENT', 'HEAD'], ...signers.map((s) => [text(field(s, 'address')), text(field(s, 'state')), field(s, 'sealing') === true ? 'yes' : 'no', field(s, 'live') === true ? 'reporting' : 'silent', text(field(s, 'block'))])]));
  out.push(`candidates (${candidates.length}):`);
  if (candidates.length > 0) out.push(table([['ADDRESS', 'STATE', 'RUNNING', 'HEAD', 'SINCE'], ...candidates.map((c) => [text(field(c, 'address')), text(field(c, 'state')), field(c, 'live') === true ? 'yes' : 'no', text(field(c, 'block')), text(field(c, 'since'))])]));
  out.push(`pending changes (${pending.length}, voted on in order):`);
  if (pending.length > 0) {
    out.push(table([['#', 'ACTION', 'ADDRESS', 'STATE', 'VOTES', 'PROPOSING', 'BY'], ...pending.map((c) => [text(field(c, 'id')), text(field(c, 'action')), text(field(c, 'address')), field(c, 'active') === true ? 'voting' : 'queued', String(list(field(c, 'votes')).length), String(list(field(c, 'proposing')).length), text(field(c, 'by'))])]));
  }
  if (ended.length > 0) {
    out.push('latest ended changes:');
    out.push(table([['#', 'ACTION', 'ADDRESS', 'STATE', 'BLOCK', 'ENDED'], ...ended.map((c) => [text(field(c, 'id')), text(field(c, 'action')), text(field(c, 'address')), text(field(c, 'state')), text(field(c, 'doneBlock')), text(field(c, 'endedAt'))])]));
  }
  return `${out.join('\n')}\n`;
}
