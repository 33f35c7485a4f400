import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { packageRoot } from '../../src/version.js';
import { toolPath } from '../helpers/geth-bin.js';
import { createPodman } from './podman.js';

/** Executables the harness runs (besides podman): the runtime and the init the image uses. */
export const podPrerequisites = ['/usr/sbin/runc', '/usr/bin/tini'] as const;

/**
 * The first of `files` and `executables` (all under `root`) the containers' user (uid 10001, in no
 * group of the machine) cannot use: every folder from the file's up to `root` needs others' x, a
 * file others' r (and x for `executables`). `root` is mounted into each container (this checkout,
 * this Node), so the folders above it on this machine do not matter.
 */
export function unreachableForOthers(root: string, files: readonly string[], executables: readonly string[]): string | undefined {
  const need = (path: string, bits: number): string | undefined => {
    const mode = statSync(path).mode;
    return (mode & bits) === bits ? undefined : `${path} (mode ${(mode & 0o777).toString(8)})`;
  };
  for (const file of [...files, ...executables]) {
    const dirs: string[] = [];
    for (let dir = dirname(file); dir !== dirname(dir) && relative(root, dir).split(sep)[0] !== '..'; dir = dirname(dir)) dirs.unshift(dir);
    for (const dir of dirs) {
      const problem = need(dir, 0o001);
      if (problem !== undefined) return problem;
    }
    const problem = need(file, executables.includes(file) ? 0o005 : 0o004);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Why pods cannot run here, or undefined when they can: root (containers with their own network
 * need it), podman, runc and tini installed (scripts/install-pods.sh), and podman answering with
 * the harness's configuration.
 */
export async function podsUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (the pod harness needs root for podman networks)';
  const missing = podPrerequisites.filter((path) => !existsSync(path));
  if (missing.length > 0) return `${missing.join(', ')} missing (run: bash scripts/install-pods.sh)`;
  const app = packageRoot();
  const hidden =
    unreachableForOthers(app, [join(app, 'bin', 'geth-agent'), join(app, 'dist', 'bundle', 'cli.mjs')], [toolPath('geth'), toolPath('bootnode')]) ??
    unreachableForOthers(dirname(dirname(process.execPath)), [], [process.execPath]);
  if (hidden !== undefined) return `the containers' uid 10001 cannot reach ${hidden}: the checkout, its .tools/bin and Node's folder (mounted into the containers) must be readable by other users`;
  const dir = await mkdtemp(join(tmpdir(), 'ga-pods-check-'));
  try {
    const podman = await createPodman(dir);
    const info = await podman.run(['info', '--format', '{{.Host.OCIRuntime.Name}}'], { allowFail: true, timeoutMs: 60_000 }).catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
    if (info.exitCode !== 0) return /ENOENT/.test(info.stderr) ? 'podman not installed (run: bash scripts/install-pods.sh)' : `podman does not answer: ${info.stderr.split('\n')[0] ?? ''}`;
    if (info.stdout.trim() !== 'runc') return `podman runs ${info.stdout.trim()}, not runc`;
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
