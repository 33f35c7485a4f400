import { execFileSync } from 'node:child_process';
import type { Podman } from './podman.js';

const listings = [
  ['container', ['ps', '--all'], '{{.Names}}'],
  ['network', ['network', 'ls'], '{{.Name}}'],
  ['volume', ['volume', 'ls'], '{{.Name}}'],
] as const;

/** Containers, networks and volumes carrying `label` (`container <name>`, ...). */
export async function listByLabel(podman: Podman, label: string): Promise<string[]> {
  const found: string[] = [];
  for (const [kind, args, format] of listings) {
    const out = await podman.run([...args, '--filter', `label=${label}`, '--format', format]);
    for (const name of out.stdout.split('\n').map((n) => n.trim()).filter((n) => n !== '')) found.push(`${kind} ${name}`);
  }
  return found;
}

/** Removes every container (at once, no grace: this is the end of the run), then the volumes and the network. */
export async function removeByLabel(podman: Podman, label: string): Promise<void> {
  const filter = ['--filter', `label=${label}`];
  const containers = (await podman.run(['ps', '--all', ...filter, '--format', '{{.Names}}'], { allowFail: true })).stdout.split('\n').filter((n) => n.trim() !== '');
  if (containers.length > 0) await podman.run(['rm', '--force', '--time', '0', ...containers], { allowFail: true, timeoutMs: 120_000 });
  await podman.run(['volume', 'prune', '--force', ...filter], { allowFail: true });
  await podman.run(['network', 'prune', '--force', ...filter], { allowFail: true });
}

/** removeByLabel for an exit handler, where nothing asynchronous runs any more. */
export function removeByLabelSync(conf: string, label: string): void {
  const podman = (args: string[]): string => {
    try {
      return execFileSync('podman', args, { env: { ...process.env, CONTAINERS_CONF: conf }, stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).toString();
    } catch {
      return '';
    }
  };
  const containers = podman(['ps', '--all', '--filter', `label=${label}`, '--format', '{{.Names}}']).split('\n').filter((n) => n.trim() !== '');
  if (containers.length > 0) podman(['rm', '--force', '--time', '0', ...containers]);
  podman(['volume', 'prune', '--force', '--filter', `label=${label}`]);
  podman(['network', 'prune', '--force', '--filter', `label=${label}`]);
}

/** The label on a run's network naming the process that made it (its pid on this machine). */
export const OWNER_LABEL = 'geth-agent-pods.owner';

/**
 * The runs (network names, which are the run ids) whose owning process is gone: what a process
 * killed outright left (SIGKILL, an OOM kill: no handler of its own ran). Pure.
 */
export function staleRuns(networks: ReadonlyArray<{ readonly name: string; readonly owner: string }>, alive: (pid: number) => boolean): string[] {
  return networks.filter(({ owner }) => /^[1-9]\d*$/.test(owner) && !alive(Number(owner))).map(({ name }) => name);
}

/** Whether process `pid` exists on this machine (EPERM: it does, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes every run whose owning process is gone (containers, volumes, network); returns their ids. */
export async function removeStaleRuns(podman: Podman, alive: (pid: number) => boolean = pidAlive): Promise<string[]> {
  const names = (await podman.run(['network', 'ls', '--filter', `label=${OWNER_LABEL}`, '--format', '{{.Name}}'], { allowFail: true })).stdout.split('\n').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) return [];
  const inspected = await podman.run(['network', 'inspect', '--format', `{{.Name}} {{index .Labels "${OWNER_LABEL}"}}`, ...names], { allowFail: true });
  const networks = inspected.stdout.split('\n').flatMap((line) => {
    const [name, owner] = line.trim().split(' ');
    return name === undefined || name === '' || owner === undefined ? [] : [{ name, owner }];
  });
  const stale = staleRuns(networks, alive);
  for (const run of stale) await removeByLabel(podman, `geth-agent-pods=${run}`);
  return stale;
}
