import { join } from 'node:path';
import { serviceEnv, serviceHealthcheck, serviceSecrets, type ComposeFile, type ComposeService } from '../helpers/compose.js';
import { durationSeconds, execForm, type DockerInstruction } from '../helpers/deploy-files.js';

export type PodRole = 'genesis' | 'boot' | 'sealer' | 'client';

/** One container of a pod network, as deploy/docker-compose.yml describes its service. */
export interface PodPlan {
  /** The Compose service name: the container's host name and network alias, so `GETH_AGENT_ADVERTISE_HOST` resolves to it. */
  readonly name: string;
  readonly role: PodRole;
  /** The agent's environment: image ENV, env files, `environment`, then the harness's overrides. */
  readonly env: Readonly<Record<string, string>>;
  /** Secret files: the top-level secret `source`, mounted at /run/secrets/<target>. */
  readonly secrets: ReadonlyArray<{ readonly source: string; readonly target: string }>;
  /** The named volume and where it is mounted (`sealer-1-data:/data`). */
  readonly volume: { readonly name: string; readonly target: string };
  readonly healthcheck: ReturnType<typeof serviceHealthcheck>;
  readonly stopSignal: string;
  readonly stopGraceSeconds: number;
  readonly restart: string | undefined;
  /** Services this one waits for, with the Compose condition (`service_healthy`, `service_started`). */
  readonly dependsOn: Readonly<Record<string, string>>;
}

export interface PodTopology {
  readonly sealers: number;
  readonly clients: number;
}

const numbered = (services: Readonly<Record<string, ComposeService>>, prefix: string): string[] =>
  Object.keys(services)
    .filter((name) => new RegExp(`^${prefix}-\\d+$`).test(name))
    .sort((a, b) => Number(a.slice(prefix.length + 1)) - Number(b.slice(prefix.length + 1)));

/** A copy of `service` for another node: every whole-word mention of `from` (secrets, volume, advertise host) renamed. */
function renamed(service: ComposeService, from: string, to: string): ComposeService {
  const pattern = new RegExp(`(?<![\\w-])${from.replace(/[-]/g, '\\-')}(?!\\w)`, 'g');
  return JSON.parse(JSON.stringify(service).replace(pattern, to)) as ComposeService;
}

/**
 * The Compose services for `sealers` sealers and `clients` clients: the file's own `sealer-N`
 * and `client-N` services where they exist, more made from its last one (renamed), fewer by
 * leaving the last ones out. Pure.
 */
export function scaleServices(services: Readonly<Record<string, ComposeService>>, topology: PodTopology): Record<string, ComposeService> {
  const out: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(services)) if (!/^(sealer|client)-\d+$/.test(name)) out[name] = service;
  for (const [prefix, count] of [['sealer', topology.sealers], ['client', topology.clients]] as const) {
    const existing = numbered(services, prefix);
    const template = existing.at(-1);
    if (template === undefined) throw new Error(`the Compose file has no ${prefix}-N service to copy`);
    for (let i = 1; i <= count; i++) {
      const name = `${prefix}-${i}`;
      out[name] = services[name] ?? renamed(services[template] as ComposeService, template, name);
    }
  }
  return out;
}

const roleOf = (name: string, env: Readonly<Record<string, string>>): PodRole => {
  const role = env.GETH_AGENT_ROLE;
  if (role === 'genesis' || role === 'boot' || role === 'sealer' || role === 'client') return role;
  throw new Error(`service ${name}: GETH_AGENT_ROLE is ${String(role)}`);
};

/**
 * One plan per container, in start order (genesis, boot, sealers, clients), from the Compose
 * file. `overrides(plan)` adds the harness's settings (timings, sealer count) last.
 */
export function planPods(
  compose: ComposeFile,
  topology: PodTopology,
  options: { image: Readonly<Record<string, string>>; readEnvFile: (file: string) => Record<string, string>; overrides: (name: string, role: PodRole) => Readonly<Record<string, string>> },
): PodPlan[] {
  const services = scaleServices(compose.services, topology);
  const order: Record<PodRole, number> = { genesis: 0, boot: 1, sealer: 2, client: 3 };
  const plans = Object.entries(services).map(([name, service]): PodPlan => {
    const env = serviceEnv(service, options.image, options.readEnvFile);
    const role = roleOf(name, env);
    const [volumeName, target] = (service.volumes?.[0] ?? '').split(':');
    if (volumeName === undefined || volumeName === '' || target === undefined) throw new Error(`service ${name}: no named data volume`);
    return {
      name,
      role,
      env: { ...env, ...options.overrides(name, role) },
      secrets: serviceSecrets(service),
      volume: { name: volumeName, target },
      healthcheck: serviceHealthcheck(service),
      stopSignal: service.stop_signal ?? 'SIGTERM',
      stopGraceSeconds: durationSeconds(service.stop_grace_period ?? '10s') ?? 10,
      restart: service.restart,
      dependsOn: Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([dep, v]) => [dep, v.condition ?? 'service_started'])),
    };
  });
  return plans.sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/**
 * What a secret file holds, by its Compose name: `<node>-ethstats` is that node's ethstats
 * target (`<node>:<secret>@genesis:8080`, as the Compose file's comment says), every other one a
 * fresh random value.
 */
export function secretContent(source: string, ethstatsSecret: string, random: () => string): string {
  const target = /^(.+)-ethstats$/.exec(source);
  if (target !== null) return `${target[1] as string}:${ethstatsSecret}@genesis:8080`;
  return source === 'ethstats-secret' ? ethstatsSecret : random();
}

/**
 * The image's process as this machine can run it: the Dockerfile's USER, and its ENTRYPOINT + CMD
 * with `node` replaced by `node` (this Node) and `/app/...` by the same file of `appRoot` (this
 * checkout), since the container's root file system is the machine's own, not the image.
 */
export function imageProcess(instructions: readonly DockerInstruction[], options: { node: string; appRoot: string }): { user: string; argv: string[] } {
  const last = Math.max(...instructions.map((i) => i.stage));
  const final = instructions.filter((i) => i.stage === last);
  const args = (keyword: string): string[] => {
    const found = final.filter((i) => i.keyword === keyword).at(-1);
    const form = found === undefined ? undefined : execForm(found.args);
    if (form === undefined) throw new Error(`the Dockerfile's final stage needs an exec-form ${keyword}`);
    return form;
  };
  const user = final.filter((i) => i.keyword === 'USER').at(-1)?.args;
  if (user === undefined) throw new Error('the Dockerfile sets no USER');
  const argv = [...args('ENTRYPOINT'), ...args('CMD')].map((arg) => (arg === 'node' ? options.node : arg.startsWith('/app/') ? join(options.appRoot, arg.slice('/app/'.length)) : arg));
  return { user, argv };
}
