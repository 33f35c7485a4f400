import { ConfigError } from '../../errors.js';
import type { ArgsInput } from './types.js';

/** Namespaces that control the node or its keys: never on a non-loopback listener unless allowed. */
export const unsafeApis: readonly string[] = ['admin', 'debug', 'personal', 'miner'];

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** HTTP/WS flags: clients always, sealers only with GETH_AGENT_SEALER_RPC. */
export function rpcArgs(input: ArgsInput): { args: string[]; warnings: string[] } {
  const { config, role } = input;
  const serve = role === 'client' || (role === 'sealer' && config.sealerRpc);
  if (!serve) return { args: [], warnings: [] };
  const warnings: string[] = [];
  const httpAddr = config.httpAddr ?? (role === 'client' ? '0.0.0.0' : '127.0.0.1');
  const wsAddr = config.wsAddr ?? httpAddr;
  const api = config.httpApi.join(',');
  const unsafe = config.httpApi.filter((name) => unsafeApis.includes(name));
  const exposed = [httpAddr, wsAddr].filter((addr) => !isLoopback(addr));
  if (unsafe.length > 0 && exposed.length > 0) {
    if (!config.allowUnsafeApi) {
      throw new ConfigError([
        `GETH_AGENT_HTTP_API includes ${unsafe.join(', ')} on the non-loopback listener ${exposed[0]}: remove them, listen on 127.0.0.1, or set GETH_AGENT_ALLOW_UNSAFE_API=true`,
      ]);
    }
    warnings.push(`serving ${unsafe.join(', ')} on ${exposed[0]} (GETH_AGENT_ALLOW_UNSAFE_API=true)`);
  }
  const args = ['--http', '--http.addr', httpAddr, '--http.port', String(config.httpPort), '--http.api', api];
  args.push('--http.vhosts', config.httpVhosts.join(','));
  args.push('--ws', '--ws.addr', wsAddr, '--ws.port', String(config.wsPort), '--ws.api', api);
  if (config.httpCors !== undefined && config.httpCors.length > 0) {
    args.push('--http.corsdomain', config.httpCors.join(','), '--ws.origins', config.httpCors.join(','));
  }
  if (config.httpApi.includes('personal')) args.push('--rpc.enabledeprecatedpersonal');
  if (role === 'sealer') {
    args.push('--allow-insecure-unlock');
    warnings.push('GETH_AGENT_SEALER_RPC=true: the sealer serves HTTP/WS JSON-RPC with its account unlocked (--allow-insecure-unlock)');
  }
  return { args, warnings };
}
