import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import type { Config } from '../config/table.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Env } from '../config/load.js';
import type { Logger } from '../log.js';
import { agentPaths } from '../paths.js';
import { buildGethArgs, type GethCommand, type NodeRole } from '../geth/args/index.js';
import { childEnv } from '../geth/child-env.js';
import type { GethEvent } from '../geth/log-line.js';
import { spawnChild } from '../geth/process.js';
import type { IpcClient } from '../geth/rpc/ipc-client.js';
import { waitForIpc } from '../geth/rpc/wait.js';
import type { Launched } from '../supervise/supervisor.js';
import type { ProvisionedNode } from './provisioned.js';
import { droppedSummary, resolutionBounds, resolveLists, type ResolveHost } from './resolve.js';

export interface LaunchOptions {
  readonly config: Config;
  readonly role: NodeRole;
  readonly provisioned: ProvisionedNode;
  readonly bin: string;
  readonly env: Env;
  /** The supervisor's logger. */
  readonly logger: Logger;
  /** geth's own lines are logged through this one (component `geth`). */
  readonly gethLogger: Logger;
  readonly resolveHost: ResolveHost;
  /** Resolves GETH_AGENT_ADVERTISE_HOST (default: resolveHost); the runner's keeps the last good address. */
  readonly resolveAdvertiseHost?: ResolveHost;
  readonly events: EventEmitter<{ event: [GethEvent] }>;
  /** Called with geth's IPC client once it answers (before the start counts as ready). */
  readonly onClient: (client: IpcClient) => void;
  readonly setprivPath?: string;
}

/** Resolves names and builds the command line (before every start: boot nodes may move). */
export async function prepareCommand(options: LaunchOptions): Promise<GethCommand & { readonly bootnodes: readonly string[] }> {
  const { config, provisioned, resolveHost } = options;
  const served = (await provisioned.refreshBootnodes?.()) ?? provisioned.bootnodes;
  // The operator's lists are kept whole; only the genesis server's list is capped.
  const all = Number.MAX_SAFE_INTEGER;
  const [lists, advertiseIp] = await Promise.all([
    resolveLists(
      {
        'configured boot nodes': { enodes: config.bootnodes ?? [], maxNodes: all },
        'static nodes': { enodes: config.staticNodes ?? [], maxNodes: all },
        'trusted nodes': { enodes: config.trustedNodes ?? [], maxNodes: all },
        'served boot nodes': { enodes: served.filter((e) => !(config.bootnodes ?? []).includes(e)), maxNodes: config.bootnodesMax },
      },
      resolveHost,
      resolutionBounds(config),
    ),
    config.advertiseHost === undefined ? undefined : (options.resolveAdvertiseHost ?? resolveHost)(config.advertiseHost),
  ]);
  for (const [list, { dropped }] of Object.entries(lists)) {
    if (dropped.length > 0) options.logger.warn({ list, ...droppedSummary(dropped) }, 'left out of this start (names are resolved again at the next start)');
  }
  const bootnodes = [...lists['configured boot nodes'].kept, ...lists['served boot nodes'].kept];
  const staticNodes = lists['static nodes'].kept;
  const trustedNodes = lists['trusted nodes'].kept;
  const command = buildGethArgs({
    role: options.role,
    config,
    paths: agentPaths(config.dataDir),
    nodeKeyFile: provisioned.identity.nodeKeyFile,
    ...(provisioned.identity.account === undefined ? {} : { account: provisioned.identity.account }),
    bootnodes,
    staticNodes,
    trustedNodes,
    ...(advertiseIp === undefined ? {} : { advertiseIp }),
    networkId: config.networkId ?? provisioned.genesis.chainId,
  });
  return { ...command, bootnodes };
}

/** Boot nodes as logged at each start: the list itself while short, its head and a count beyond. */
function loggedBootnodes(bootnodes: readonly string[]): readonly string[] {
  const shown = 8;
  return bootnodes.length <= shown ? bootnodes : [...bootnodes.slice(0, shown), `... and ${bootnodes.length - shown} more`];
}

/** One start: command line, TOML (0600), spawn, and the readiness wait (IPC, or bootnode's enode). */
export async function launchNode(options: LaunchOptions, signal: AbortSignal): Promise<Launched> {
  const { config, logger } = options;
  const command = await prepareCommand(options);
  for (const warning of command.warnings) logger.warn(warning);
  // 0600 from creation (it may hold the ethstats secret); whole or not at all, never a half list of boot nodes.
  if (command.toml !== undefined) await writeFileAtomic(command.toml.path, command.toml.content, { mode: 0o600 });
  signal.throwIfAborted();
  // Boot nodes travel in the TOML, not in argv: logged here so each start shows where it looks for peers.
  logger.info({ command: command.command, args: command.args, bootnodes: loggedBootnodes(command.bootnodes) }, `starting ${command.command}`);
  const child = await spawnChild({
    bin: options.bin,
    args: command.args,
    env: childEnv(options.env),
    logger: options.gethLogger,
    onEvent: (event) => options.events.emit('event', event),
    ...(options.setprivPath === undefined ? {} : { setprivPath: options.setprivPath }),
  });
  const gaveUp = (): boolean => !child.isRunning() || signal.aborted;
  const timeoutMs = config.ipcWaitSeconds * 1000;
  const ready: Promise<void> =
    command.command === 'bootnode'
      ? waitForEvent(options.events, 'p2p-started', timeoutMs, signal, child.exited)
      : waitForIpc({ path: agentPaths(config.dataDir).ipc, timeoutMs, callTimeoutMs: config.rpcTimeoutSeconds * 1000, logger, signal, gaveUp }).then((client) => {
          if (gaveUp()) {
            client.close();
            return;
          }
          void child.exited.then(() => client.close());
          options.onClient(client);
        });
  ready.catch(() => undefined);
  return { child, ready };
}

async function waitForEvent(
  events: LaunchOptions['events'],
  kind: GethEvent['kind'],
  timeoutMs: number,
  signal: AbortSignal,
  exited: Promise<unknown>,
): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no ${kind} line within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  void exited.then(() => controller.abort(new Error('process exited')));
  try {
    for (;;) {
      const [event] = (await once(events, 'event', { signal: controller.signal })) as [GethEvent];
      if (event.kind === kind) return;
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
