import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import type { Config } from '../config/table.js';
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
import { resolveEnodesSkipping, type ResolveHost } from './resolve.js';

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
  readonly events: EventEmitter<{ event: [GethEvent]; client: [IpcClient] }>;
  readonly setprivPath?: string;
}

/** Resolves names and builds the command line (before every start: boot nodes may move). */
export async function prepareCommand(options: LaunchOptions): Promise<GethCommand> {
  const { config, provisioned, resolveHost } = options;
  const served = (await provisioned.refreshBootnodes?.()) ?? provisioned.bootnodes;
  const dropped = (list: string) => (enode: string, error: Error): void => options.logger.warn({ list, enode, err: error.message }, 'left out of this start: the name does not resolve now (tried again at the next start)');
  const [bootnodes, staticNodes, trustedNodes, advertiseIp] = await Promise.all([
    resolveEnodesSkipping([...(config.bootnodes ?? []), ...served.filter((b) => !(config.bootnodes ?? []).includes(b))], resolveHost, dropped('bootnodes')),
    resolveEnodesSkipping(config.staticNodes ?? [], resolveHost, dropped('static nodes')),
    resolveEnodesSkipping(config.trustedNodes ?? [], resolveHost, dropped('trusted nodes')),
    config.advertiseHost === undefined ? undefined : (options.resolveAdvertiseHost ?? resolveHost)(config.advertiseHost),
  ]);
  return buildGethArgs({
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
}

/** One start: command line, TOML (0600), spawn, and the readiness wait (IPC, or bootnode's enode). */
export async function launchNode(options: LaunchOptions, signal: AbortSignal): Promise<Launched> {
  const { config, logger } = options;
  const command = await prepareCommand(options);
  for (const warning of command.warnings) logger.warn(warning);
  if (command.toml !== undefined) {
    await mkdir(agentPaths(config.dataDir).agentDir, { recursive: true, mode: 0o700 });
    await writeFile(command.toml.path, command.toml.content, { mode: 0o600 });
    await chmod(command.toml.path, 0o600);
  }
  signal.throwIfAborted();
  logger.info({ command: command.command, args: command.args }, `starting ${command.command}`);
  const child = spawnChild({
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
          options.events.emit('client', client);
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
