import { loadConfig, type Env } from '../../src/config/load.js';
import { envName } from '../../src/config/spec.js';
import { tableEntries, type Config } from '../../src/config/table.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';

/** Problems with the GETH_AGENT_* names of a deployment env: unknown names, secrets not given as files. */
export function agentEnvProblems(env: Readonly<Record<string, string>>, where: string): string[] {
  const specs = new Map(tableEntries().map(([key, spec]) => [envName(key), spec]));
  const problems: string[] = [];
  for (const name of Object.keys(env).filter((n) => n.startsWith('GETH_AGENT_'))) {
    const base = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
    const spec = specs.get(name) ?? specs.get(base);
    if (spec === undefined) problems.push(`${where}: ${name} is not in the config table`);
    else if (name !== base && !specs.has(name) && !spec.secret) problems.push(`${where}: ${name}: ${base} is not a secret, it has no _FILE form`);
    else if (name === base && spec.secret) problems.push(`${where}: ${name} is a secret: deploy it as ${name}_FILE (a mounted file)`);
  }
  return problems;
}

/** Loads a deployment env as the agent would, secrets read as placeholders; returns the files read. */
export function loadDeployConfig(env: Env): { config: Config; files: string[] } {
  const files: string[] = [];
  const { config } = loadConfig(env, {
    readFile: (path) => {
      files.push(path);
      if (/ethstats[/-]target$/.test(path)) return 'node:secret@genesis:8080';
      // A signer key must parse as one (static signers: GETH_AGENT_PRIVATE_KEY_FILE).
      if (/signer-keys\/|private-key/.test(path)) return `0x${'11'.repeat(32)}`;
      return 'deploy-test-secret';
    },
  });
  return { config, files };
}

/** Whether the agent's HTTP app (as every role builds it) serves GET `path` (query ignored). */
export async function appServesGet(path: string): Promise<boolean> {
  const app = createHttpApp({ logger: createLogger({ level: 'silent' }) });
  try {
    await app.ready();
    return app.hasRoute({ method: 'GET', url: path.split('?')[0] as string });
  } finally {
    await app.close();
  }
}
