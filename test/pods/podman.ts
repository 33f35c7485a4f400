import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * The harness's own podman configuration, passed to every podman it runs through CONTAINERS_CONF
 * (nothing under /etc is touched). runc, because crun is refused in some sandboxes (gVisor);
 * cgroupfs, because there is no systemd to ask; no default ulimits, because raising RLIMIT_NOFILE
 * is refused there too; netavark, the backend whose aardvark-dns lets containers find each other
 * by name; events to a file (no journald).
 */
export const containersConf = `[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
`;

export interface PodmanResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Podman {
  /** Runs `podman ...args`; rejects on a non-zero exit unless `allowFail`. */
  run(args: readonly string[], options?: { allowFail?: boolean; timeoutMs?: number }): Promise<PodmanResult>;
  /** The containers.conf path every call uses. */
  readonly conf: string;
}

/**
 * Lines podman's helpers print that say nothing about the command: aardvark-dns and the
 * healthcheck code try syslog and systemd, which a container-less sandbox has neither of.
 */
const noise = /failed to connect to syslog|unable to get systemd connection|systemd.*healthcheck/;
export const quietStderr = (stderr: string): string => stderr.split('\n').filter((line) => line.trim() !== '' && !noise.test(line)).join('\n');

/** Writes the harness's containers.conf into `dir` and returns a podman runner that uses it. */
export async function createPodman(dir: string): Promise<Podman> {
  const conf = join(dir, 'containers.conf');
  await writeFile(conf, containersConf);
  return {
    conf,
    async run(args, options = {}) {
      const result = await execa('podman', args, {
        env: { CONTAINERS_CONF: conf },
        stdin: 'ignore',
        reject: false,
        timeout: options.timeoutMs ?? 120_000,
        // The harness cleans up after itself; execa's exit handler would kill a podman mid-removal.
        cleanup: false,
      });
      const out = { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: quietStderr(String(result.stderr)) };
      if (out.exitCode !== 0 && options.allowFail !== true) {
        throw new Error(`podman ${args.slice(0, 3).join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${out.exitCode}`}): ${out.stderr.slice(0, 600)}`);
      }
      return out;
    },
  };
}
