import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../src/version.js';
import { toolPath } from '../helpers/geth-bin.js';
import { createPodman } from './podman.js';

/** Executables the harness runs (besides podman): the runtime and the init the image uses. */
export const podPrerequisites = ['/usr/sbin/runc', '/usr/bin/tini'] as const;

/**
 * The first of `paths` the containers' user (uid 10001, in no group of the machine) cannot use:
 * every folder on the way needs others' x, a file others' r (and x for `executables`). Each
 * container runs this Node, this checkout and its geth from the machine's own file system.
 */
export function unreachableForOthers(files: readonly string[], executables: readonly string[]): string | undefined {
  const need = (path: string, bits: number): string | undefined => {
    const mode = statSync(path).mode;
    return (mode & bits) === bits ? undefined : `${path} (mode ${(mode & 0o777).toString(8)})`;
  };
  for (const file of [...files, ...executables]) {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const problem = need(dir, 0o001);
      if (problem !== undefined) return problem;
      if (dir === dirname(dir)) break;
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
  const hidden = unreachableForOthers([join(packageRoot(), 'bin', 'geth-agent'), join(packageRoot(), 'dist', 'bundle', 'cli.mjs')], [process.execPath, toolPath('geth'), toolPath('bootnode')]);
  if (hidden !== undefined) return `the containers' uid 10001 cannot reach ${hidden}: Node, the checkout and .tools/bin must be readable by other users`;
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
