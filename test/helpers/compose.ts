import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dockerfileEnv, durationSeconds, parseDockerfile, parseEnvFile, readRepoFile, repoPath } from './deploy-files.js';
import { parseYamlAll } from './yaml.js';

/** The parts of a Compose service the deployment tests and the pod harness read. */
export interface ComposeService {
  env_file?: string[];
  environment?: Record<string, string>;
  secrets?: Array<string | { source: string; target?: string }>;
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
  stop_signal?: string;
  restart?: string;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; start_period?: string; retries?: number };
  depends_on?: Record<string, { condition?: string }>;
  image?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

export const composePath = repoPath('deploy', 'docker-compose.yml');

/** deploy/docker-compose.yml, parsed (merge keys resolved). */
export const loadCompose = async (): Promise<ComposeFile> => (await parseYamlAll(readRepoFile('deploy', 'docker-compose.yml')))[0] as ComposeFile;

/** The final stage's ENV of the Dockerfile (what every container starts with). */
export const imageEnv = (): Record<string, string> => dockerfileEnv(parseDockerfile(readRepoFile('Dockerfile')));

/** Reads an env_file as Compose resolves it: relative to the Compose file. */
export const readComposeEnvFile = (file: string): Record<string, string> => parseEnvFile(readFileSync(resolve(dirname(composePath), file), 'utf8'));

/** The environment one service's agent sees: image ENV, then env files, then `environment`. */
export function serviceEnv(service: ComposeService, image: Readonly<Record<string, string>> = imageEnv(), readEnvFile = readComposeEnvFile): Record<string, string> {
  const env: Record<string, string> = { ...image };
  for (const file of service.env_file ?? []) Object.assign(env, readEnvFile(file));
  return { ...env, ...service.environment };
}

/** A service's secrets as mounts: `source` (the top-level secret) at `/run/secrets/<target>`. */
export const serviceSecrets = (service: ComposeService): Array<{ source: string; target: string }> =>
  (service.secrets ?? []).map((s) => (typeof s === 'string' ? { source: s, target: s } : { source: s.source, target: s.target ?? s.source }));

/** The Compose health check in seconds (Compose's defaults where unset: 30 s, 30 s, 0 s, 3). */
export function serviceHealthcheck(service: ComposeService): { test: string[]; intervalSeconds: number; timeoutSeconds: number; startPeriodSeconds: number; retries: number } | undefined {
  const check = service.healthcheck;
  if (check === undefined) return undefined;
  return {
    test: check.test,
    intervalSeconds: durationSeconds(check.interval ?? '30s') ?? 30,
    timeoutSeconds: durationSeconds(check.timeout ?? '30s') ?? 30,
    startPeriodSeconds: durationSeconds(check.start_period ?? '0s') ?? 0,
    retries: check.retries ?? 3,
  };
}
