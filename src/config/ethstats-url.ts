import { accept, reject, type Parsed } from './spec.js';

/** `nodename:secret@host:port`, parsed with geth's rules (see shared reference, ethstats.md). */
export interface EthstatsTarget {
  readonly name: string;
  readonly secret: string;
  /** What follows the last `@`: `host:port`, or a URL with a scheme used as given. */
  readonly host: string;
}

/**
 * geth 1.13.15's `parseEthstatsURL` (ethstats/ethstats.go), ported as is: the host is what follows
 * the LAST `@` (refused when there is no `@` or nothing follows it); before it, the secret is what
 * follows the last `:` (empty when there is no `:`), the name what precedes it. So names may
 * contain `:` and `@`, secrets may contain `@` but not `:`, and name and secret may be empty.
 * Quotes are kept (geth does not unquote either). Undefined where geth returns an error.
 */
export function splitEthstatsUrl(raw: string): EthstatsTarget | undefined {
  const at = raw.lastIndexOf('@');
  if (at === -1 || at === raw.length - 1) return undefined;
  const preHost = raw.slice(0, at);
  const host = raw.slice(at + 1);
  const colon = preHost.lastIndexOf(':');
  if (colon === -1) return { name: preHost, secret: '', host };
  return { name: preHost.slice(0, colon), secret: preHost.slice(colon + 1), host };
}

/**
 * GETH_AGENT_ETHSTATS: geth's syntax (splitEthstatsUrl), plus two deliberate deviations, each with
 * its own message, refused at start instead of failing later:
 * - an empty node name: geth accepts it and then logs in with `"id": ""`, a dashboard row every
 *   unnamed node shares (the agent's collector refuses a hello without an id);
 * - a host that forms no ws:// URL (`n:s@:`, `n:s@?`, spaces): geth would retry the dial forever.
 * Messages never contain the value (it holds the secret).
 */
export function parseEthstatsUrl(raw: string): Parsed<EthstatsTarget> {
  const expected = 'nodename:secret@host:port';
  const split = splitEthstatsUrl(raw);
  if (split === undefined) return reject(expected);
  if (split.name === '') return reject(`${expected} with a node name (it is the dashboard id; geth would log in with an empty id)`);
  const target = Object.freeze(split);
  // `wss://` alone or `wss:///`: nothing is left of the URL once the slashes go.
  const schemeLost = hasScheme(target.host) && !trimSlashes(target.host).includes('://');
  if (/\s/.test(target.host) || schemeLost || !ethstatsDialUrls(target).every((url) => URL.canParse(url))) return reject(`${expected} (a host that forms a ws:// URL)`);
  return accept(target);
}

/**
 * The URLs to dial, in order, as geth builds them: `<host>/api`; a host without `://` is tried
 * as wss:// then ws://, one with a scheme is dialled as given (an explicit wss:// never falls
 * back to ws://). (Deviation: trailing slashes of the host are dropped, no `//api`; whether
 * there is a scheme is decided before, so `wss:///` is not taken for a scheme-less host.)
 */
export function ethstatsDialUrls(target: EthstatsTarget): string[] {
  const path = `${trimSlashes(target.host)}/api`;
  return hasScheme(target.host) ? [path] : [`wss://${path}`, `ws://${path}`];
}

const trimSlashes = (host: string): string => host.replace(/\/+$/, '');
const hasScheme = (host: string): boolean => `${host}/api`.includes('://');

/**
 * The one way the target is shown (config `check`, `args`, the TOML shown for geth): built from
 * the parsed parts, never by pattern over the raw text, so a name holding `:` or `@` cannot
 * shift the mask onto the wrong part.
 */
export const maskEthstats = (target: EthstatsTarget): string => `${target.name}:********@${target.host}`;

/** The raw URL again (for geth's own reporter; it re-parses to the same target). */
export const formatEthstats = (target: EthstatsTarget): string => `${target.name}:${target.secret}@${target.host}`;
