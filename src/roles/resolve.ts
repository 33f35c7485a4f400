import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Resolves a host name to one IP address (IPv4 preferred); an IP is returned as is. */
export type ResolveHost = (host: string) => Promise<string>;

export const dnsResolveHost: ResolveHost = async (host) => (isIP(host) !== 0 ? host : (await lookup(host, { family: 0, order: 'ipv4first' })).address);

const enodePattern = /^(enode:\/\/[0-9a-fA-F]{128}@)(\[[^\]]+\]|[^:/?]+)(:\d+(?:\?discport=\d+)?)$/;

/**
 * Replaces the host of an enode URL by its IP: geth 1.13 resolves names once and treats an
 * unresolvable boot node as fatal, so names are resolved before every start.
 */
export async function resolveEnode(enode: string, resolveHost: ResolveHost): Promise<string> {
  const match = enodePattern.exec(enode);
  if (match === null) throw new Error(`not an enode URL: ${enode.slice(0, 80)}`);
  const rawHost = (match[2] as string).replace(/^\[|\]$/g, '');
  if (isIP(rawHost) !== 0) return enode;
  let ip: string;
  try {
    ip = await resolveHost(rawHost);
  } catch (error) {
    throw new Error(`cannot resolve ${rawHost} (in an enode URL): ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  return `${match[1]}${ip.includes(':') ? `[${ip}]` : ip}${match[3]}`;
}

export const resolveEnodes = (enodes: readonly string[], resolveHost: ResolveHost): Promise<string[]> =>
  Promise.all(enodes.map((enode) => resolveEnode(enode, resolveHost)));

/**
 * Resolves each enode on its own and leaves out the ones that do not resolve now (reported
 * through `onDropped`): one boot node with a stale name must not keep geth from starting with
 * the others. Names are resolved again at the next start.
 */
export async function resolveEnodesSkipping(enodes: readonly string[], resolveHost: ResolveHost, onDropped: (enode: string, error: Error) => void): Promise<string[]> {
  const results = await Promise.allSettled(enodes.map((enode) => resolveEnode(enode, resolveHost)));
  return results.flatMap((result, i) => {
    if (result.status === 'fulfilled') return [result.value];
    onDropped(enodes[i] as string, result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
    return [];
  });
}

/**
 * A resolver that remembers the last address each name resolved to and answers with it when the
 * name does not resolve now (reported through `onStale`). For this node's own advertised name:
 * a node cut off from its DNS (a partition, a DNS outage) must still be able to restart geth,
 * advertising where it was last, rather than not start geth at all. A name that never resolved
 * still fails.
 */
export function lastGoodResolver(resolveHost: ResolveHost, onStale: (host: string, ip: string, error: unknown) => void): ResolveHost {
  const last = new Map<string, string>();
  return async (host) => {
    try {
      const ip = await resolveHost(host);
      last.set(host, ip);
      return ip;
    } catch (error) {
      const ip = last.get(host);
      if (ip === undefined) throw error;
      onStale(host, ip, error);
      return ip;
    }
  };
}
