/** The pieces every page the agent serves shares: escaping, one stylesheet, a table row. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const PAGE_STYLE =
  'body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:.25em .8em;border-bottom:1px solid #ddd;vertical-align:top}td{font-family:ui-monospace,monospace;word-break:break-all}.UP{color:#176b2c}.DOWN{color:#b00020}tr.down{color:#999}';

/** `<tr><th>label</th><td id>value</td></tr>`; an absent value shows `-`. */
export const row = (id: string, label: string, value: unknown): string => `<tr><th>${escapeHtml(label)}</th><td id="${id}">${escapeHtml(value ?? '-')}</td></tr>`;

/** The document around a page's body: a self-refresh every `refreshSeconds`, the shared style. */
export const pageShell = (title: string, refreshSeconds: number, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${refreshSeconds}">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head><body>
${body}
</body></html>
`;
