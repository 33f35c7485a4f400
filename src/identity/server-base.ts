/**
 * The genesis server's base URL from GETH_AGENT_GENESIS_URL: a URL ending in `.json` names the
 * genesis file itself, so the base is its origin + folder; otherwise the URL is the base.
 * No trailing slash, no query or fragment. Pure.
 */
export function genesisServerBase(url: string): string {
  const parsed = new URL(url);
  let path = parsed.pathname;
  if (/\.json$/i.test(path)) path = path.slice(0, path.lastIndexOf('/'));
  return `${parsed.origin}${path.replace(/\/+$/, '')}`;
}
