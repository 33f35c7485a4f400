import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AgentError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

export type Lookup = (host: string) => Promise<{ address: string }>;

/**
 * The IP other nodes reach this node at: GETH_AGENT_ADVERTISE_HOST (a name is resolved once, as
 * geth 1.13 cannot take names in enodes), else 127.0.0.1. An unresolvable name exits 78.
 */
export async function resolveAdvertiseHost(host: string | undefined, lookup: Lookup = (h) => dnsLookup(h)): Promise<string> {
  if (host === undefined) return '127.0.0.1';
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host)).address;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AgentError(`GETH_AGENT_ADVERTISE_HOST=${host} does not resolve (${typeof code === 'string' ? code : 'lookup failed'})`, ExitCode.config, { cause: error });
  }
}

/**
 * The enode this node advertises. Role boot runs `bootnode` (discovery only, UDP), which
 * advertises TCP port 0 and the UDP port as `discport` exactly like this; geth nodes use the P2P
 * port for both (geth omits discport when it equals the TCP port).
 */
export function advertisedEnode(options: { role: string; host: string; port: number; enode: (host: string, port: number, discport?: number) => string }): string {
  return options.role === 'boot' ? options.enode(options.host, 0, options.port) : options.enode(options.host, options.port);
}
