import { dirname, join, relative, sep } from 'node:path';
import type { PodPlan } from './plan.js';

/**
 * Where a container finds this checkout and this Node: bind-mounted read-only at fixed paths (the
 * checkout where the image has the app, /app), so only the checkout's and Node's own folders need
 * to be readable by the containers' uid, not every folder above them on this machine (a CI clone
 * under a private `mktemp -d` folder). `appRoot` is this checkout, `node` this Node's executable.
 */
export function imageMounts(host: { appRoot: string; node: string }): {
  mounts: Array<{ source: string; target: string }>;
  /** This Node's executable as the containers see it. */
  node: string;
  /** A path on this machine as the containers see it (unchanged outside the mounts). */
  inContainer: (path: string) => string;
} {
  const nodeRoot = dirname(dirname(host.node));
  const mounts = [
    { source: host.appRoot, target: '/app' },
    { source: nodeRoot, target: '/opt/node' },
  ];
  const inContainer = (path: string): string => {
    for (const { source, target } of mounts) {
      const rest = relative(source, path);
      if (rest === '') return target;
      if (!rest.startsWith('..') && !rest.startsWith(sep)) return join(target, rest);
    }
    return path;
  };
  return { mounts, node: inContainer(host.node), inContainer };
}

/** Everything `podman run` needs for one node's container. */
export interface ContainerSpec {
  readonly plan: PodPlan;
  /** The container's name (unique per run); the plan's name is its host name and alias. */
  readonly container: string;
  readonly network: string;
  readonly label: string;
  /** A fixed address on the network; podman picks one when undefined. */
  readonly ip?: string | undefined;
  readonly volume: string;
  /** The image's USER (`uid:gid`) and process (ENTRYPOINT + CMD), as this machine runs them. */
  readonly user: string;
  readonly argv: readonly string[];
  /** Secret files on this machine and the name each gets under /run/secrets. */
  readonly secrets: ReadonlyArray<{ readonly file: string; readonly target: string }>;
  readonly envFile: string;
  /** Folders of this machine mounted read-only (this checkout and Node: imageMounts). */
  readonly mounts?: ReadonlyArray<{ readonly source: string; readonly target: string }>;
}

/**
 * `podman run` arguments for a node, as its Compose service says: host name and alias, user,
 * volume (chowned to the user, `:U`), secrets and mounts read-only, environment from a
 * file, stop signal and grace, restart policy and health check. Pure.
 */
export function runArgs(spec: ContainerSpec): string[] {
  const { plan } = spec;
  const health = plan.healthcheck;
  return [
    'run', '--detach', '--name', spec.container, '--label', spec.label,
    '--hostname', plan.name, '--network', spec.network, '--network-alias', plan.name, ...(spec.ip === undefined ? [] : ['--ip', spec.ip]),
    '--user', spec.user,
    '--volume', `${spec.volume}:${plan.volume.target}:U`,
    ...spec.secrets.flatMap(({ file, target }) => ['--volume', `${file}:/run/secrets/${target}:ro`]),
    ...(spec.mounts ?? []).flatMap(({ source, target }) => ['--volume', `${source}:${target}:ro`]),
    '--env-file', spec.envFile,
    // The image's own /tmp is empty: not this machine's (notmpcopyup: nothing copied in).
    '--tmpfs', '/tmp:rw,notmpcopyup',
    '--stop-signal', plan.stopSignal, '--stop-timeout', String(plan.stopGraceSeconds),
    ...(plan.restart === undefined ? [] : ['--restart', plan.restart]),
    ...(health === undefined
      ? []
      : [
          // Exec form (`CMD`) as a JSON array; `CMD-SHELL` as the shell string podman runs with sh -c.
          '--health-cmd', health.test[0] === 'CMD' ? JSON.stringify(health.test.slice(1)) : health.test.slice(1).join(' '),
          '--health-interval', `${health.intervalSeconds}s`, '--health-timeout', `${health.timeoutSeconds}s`,
          '--health-start-period', `${health.startPeriodSeconds}s`, '--health-retries', String(health.retries),
        ]),
    // --rootfs takes the next word as the root file system and the rest as the command: last.
    '--rootfs', '/:O', ...spec.argv,
  ];
}

/**
 * The container's environment: the plan's, plus PATH and HOME as the image has them (its node on
 * PATH, since the health check runs `node`: here the folder of `node`; HOME the data dir, the
 * image user's home).
 */
export function containerEnv(plan: PodPlan, node: string): Record<string, string> {
  return { ...plan.env, PATH: `${join(node, '..')}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: plan.volume.target };
}

/** `podman top` of one process in a container: pid inside, pid on this machine, user, command line. */
export interface PodProcess {
  readonly pid: number;
  readonly hpid: number;
  readonly user: string;
  readonly args: string;
}

/** Parses `podman top <container> pid hpid user args`. */
export const parseTop = (stdout: string): PodProcess[] =>
  stdout.split('\n').slice(1).flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return match === null ? [] : [{ pid: Number(match[1]), hpid: Number(match[2]), user: match[3] as string, args: (match[4] as string).trim() }];
  });
