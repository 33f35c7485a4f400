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
