import { loadConfigFor } from '../config/load.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { advertisedEnode, resolveAdvertiseHost } from '../identity/advertise.js';
import { formatEnode } from '../identity/keys.js';
import { ensureNodeKey } from '../identity/node-key.js';
import { createLogger } from '../log.js';
import { agentPaths } from '../paths.js';
import type { Command } from './types.js';
import { parseCommandArgs } from './parse-args.js';

export const enodeCommand: Command = {
  name: 'enode',
  summary: "Print this node's enode (creates the node key if there is none yet): advertised host, P2P port.",
  usage: 'geth-agent enode',
  run: async (ctx) => {
    parseCommandArgs(ctx.args, {}, 'enode');
    // Only what the enode is made of: the role (a boot node advertises a discovery port), key, host, port.
    const { config } = loadConfigFor(ctx.env, ['role', 'dataDir', 'logLevel', 'nodeKey', 'advertiseHost', 'p2pPort']);
    if (config.role === 'genesis') throw new UsageError('enode: role genesis runs no P2P node and has no enode');
    // Logs go to stderr: stdout carries only the enode, for scripts.
    const logger = createLogger({ level: config.logLevel, destination: { write: (line: string) => ctx.stderr(line) } }).child({ component: 'identity' });
    const { nodeId } = await ensureNodeKey({ paths: agentPaths(config.dataDir), configured: config.nodeKey, logger });
    const host = await resolveAdvertiseHost(config.advertiseHost);
    const enode = advertisedEnode({ role: config.role ?? 'client', host, port: config.p2pPort, enode: (h, p, d) => formatEnode(nodeId, h, p, d) });
    ctx.stdout(`${enode}\n`);
    return ExitCode.ok;
  },
};
