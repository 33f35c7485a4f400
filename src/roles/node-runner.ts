import { EventEmitter } from 'node:events';
import type { Config } from '../config/table.js';
import type { Env } from '../config/load.js';
import { rm } from 'node:fs/promises';
import { AgentError, RefusedDataError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Logger } from '../log.js';
import { locateExecutable } from '../geth/locate.js';
import { resolveGethCached } from '../geth/version-cache.js';
import type { GethEvent } from '../geth/log-line.js';
import { exitStatus } from '../geth/process.js';
import { createIpcHandover } from '../geth/rpc/handover.js';
import type { IpcClient } from '../geth/rpc/ipc-client.js';
import { agentPaths } from '../paths.js';
import { createSupervisor, type Supervisor, type SupervisorSnapshot } from '../supervise/supervisor.js';
import type { BackoffPolicy } from '../supervise/backoff.js';
import { launchNode } from './launch.js';
import type { InitChain, Provision } from './provisioned.js';
import { dnsResolveHost, lastGoodResolver, type ResolveHost } from './resolve.js';

export interface NodeRunnerOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** The agent's environment (the child gets it minus GETH_AGENT_*). */
  readonly env: Env;
  readonly provision: Provision;
  readonly initChain: InitChain;
  readonly resolveHost?: ResolveHost;
  readonly setprivPath?: string;
  readonly random?: () => number;
  /** Called with every state-carrying geth line (for the watchdog and state). */
  readonly onEvent?: (event: GethEvent) => void;
  readonly onSnapshot?: (snapshot: SupervisorSnapshot) => void;
  /** Called with the IPC client of each geth start once geth answers on it (the runner closes it when geth stops). */
  readonly onClient?: (client: IpcClient) => void;
}

export interface NodeRunner {
  /** Provisions, initializes and supervises geth until `signal` aborts; resolves with the exit status. */
  run(signal: AbortSignal): Promise<number>;
  /** Watchdog hook: restart geth (one SIGINT, grace, then start again) counting `reason`. */
  restart(reason: string): void;
  snapshot(): SupervisorSnapshot;
  /** The IPC client of the running geth, once ready (undefined for bootnode or while down). */
  ipc(): IpcClient | undefined;
  /** geth's version as `geth version` reported it (e.g. `1.13.15-stable`); `bootnode` for role boot in bootnode mode; undefined before run() located it. */
  gethVersion(): string | undefined;
}

const roleOf = (config: Config): 'boot' | 'sealer' | 'client' => {
  if (config.role === 'genesis') throw new AgentError('the node runner does not run role genesis', ExitCode.internal);
  return config.role;
};

/** Builds the node pipeline; starts nothing until run(). */
export function createNodeRunner(options: NodeRunnerOptions): NodeRunner {
  const { config } = options;
  const role = roleOf(config);
  const logger = options.logger.child({ component: 'supervisor' });
  const gethLogger = options.logger.child({ component: 'geth' });
  const events = new EventEmitter<{ event: [GethEvent] }>();
  const handover = createIpcHandover();
  if (options.onClient !== undefined) handover.onReady(options.onClient);
  let supervisor: Supervisor | undefined;
  let gethVersion: string | undefined;
  // geth refused to unlock the sealer's account: restarting cannot help. The agent skips its own
  // decryption while its proof matches (identity/keystore-proof.ts); dropping the proof makes the
  // next start decrypt and name the cause (stale password, damaged keystore) before geth runs.
  let unlockFailed: string | undefined;
  events.on('event', (event) => {
    if (event.kind === 'fatal' && event.message.includes('Failed to unlock account')) unlockFailed = event.message;
    options.onEvent?.(event);
  });
  const resolveHost = options.resolveHost ?? dnsResolveHost;
  // Kept across starts: the address this node advertised last, for a start while its name does not resolve.
  const resolveAdvertiseHost = lastGoodResolver(resolveHost, (host, ip, error) =>
    logger.warn({ err: error, host, ip }, 'GETH_AGENT_ADVERTISE_HOST does not resolve now: geth starts advertising the address it resolved to last'),
  );
  const backoff: BackoffPolicy = {
    initialMs: config.restartInitialSeconds * 1000,
    maxMs: config.restartMaxSeconds * 1000,
    resetAfterMs: config.restartResetSeconds * 1000,
    jitter: 0.2,
  };

  async function run(signal: AbortSignal): Promise<number> {
    const useBootnode = role === 'boot' && config.bootMode === 'bootnode';
    const geth = useBootnode ? undefined : await resolveGethCached({ configured: config.gethBin, cacheFile: agentPaths(config.dataDir).gethVersionCache });
    const bin = geth === undefined ? locateExecutable('bootnode', { configured: undefined }) : geth.bin;
    gethVersion = geth === undefined ? 'bootnode' : geth.version.version;
    if (bin === undefined) throw new AgentError('bootnode not found: run scripts/install-geth.sh or set GETH_AGENT_BOOT_MODE=geth', ExitCode.config);
    const provisioned = await options.provision(signal);
    if (!useBootnode) {
      await options.initChain({ gethBin: bin, dataDir: agentPaths(config.dataDir).dataDir, genesis: provisioned.genesis, logger: options.logger, env: options.env, signal });
    }
    supervisor = createSupervisor({
      launch: async (attempt) => {
        if (unlockFailed !== undefined) {
          await rm(agentPaths(config.dataDir).keystoreProof, { force: true }).catch(() => undefined);
          throw new RefusedDataError(`geth could not unlock the sealer account (${unlockFailed.replace(/^Fatal:\s*/, '')}): agent/password does not open the keystore, or the keystore is damaged; not restarting geth. The next start checks both and names the problem`);
        }
        return launchNode(
          {
            config, role, provisioned, bin, env: options.env, logger, gethLogger, events, onClient: handover.hand,
            resolveHost,
            resolveAdvertiseHost,
            ...(options.setprivPath === undefined ? {} : { setprivPath: options.setprivPath }),
          },
          attempt,
        );
      },
      backoff,
      graceMs: config.stopGraceSeconds * 1000,
      logger,
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.onSnapshot === undefined ? {} : { onChange: options.onSnapshot }),
    });
    const last = await supervisor.run(signal);
    handover.current()?.close();
    // bootnode has no SIGINT handler: dying of the one SIGINT it was sent is its clean stop. geth
    // installs its handler just after its IPC endpoint opens: a stop in that moment ends it the
    // same way, before it wrote anything worth flushing. Either way the stop we asked for happened.
    const stoppedByUs = last?.signal === 'SIGINT' && signal.aborted;
    if (stoppedByUs && !useBootnode) logger.warn('geth ended by the stop signal itself (it had just started and had no handler yet)');
    const status = last === undefined || stoppedByUs ? 0 : exitStatus(last);
    logger.info({ exitCode: last?.exitCode, signal: last?.signal, status }, 'node stopped');
    return status;
  }

  return {
    run,
    restart: (reason) => supervisor?.restart(reason),
    gethVersion: () => gethVersion,
    snapshot: () => supervisor?.snapshot() ?? { state: 'idle', since: 0, ready: false, restarts: {}, consecutiveFailures: 0 },
    ipc: handover.current,
  };
}
