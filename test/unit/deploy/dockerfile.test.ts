import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { agentEnvProblems } from '../../helpers/deploy-config.js';
import { dockerfileEnv, execForm, parseDockerfile, parseEnvFile, readRepoFile, repoPath } from '../../helpers/deploy-files.js';
import { configTable } from '../../../src/config/table.js';

const instructions = parseDockerfile(readRepoFile('Dockerfile'));
const last = Math.max(...instructions.map((i) => i.stage));
const final = instructions.filter((i) => i.stage === last);
const one = (keyword: string) => {
  const found = final.filter((i) => i.keyword === keyword);
  assert.equal(found.length, 1, `final stage needs exactly one ${keyword}`);
  return (found[0] as (typeof found)[number]).args;
};
const env = dockerfileEnv(instructions);
const listenPort = Number(/:(\d+)$/.exec(env.GETH_AGENT_LISTEN ?? '')?.[1]);

test('Dockerfile: stages are the official geth 1.13.15 image, a Node 24 build stage and a Node 24 slim runtime', () => {
  const froms = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
  assert.match(froms[0] ?? '', /^ethereum\/client-go:alltools-v1\.13\.15 AS geth$/i);
  assert.match(froms.at(-1) ?? '', /^node:24[-.\w]*-slim$/);
  // The bundle is built on the Node it runs on; both sit on or above the floor package.json promises.
  const nodeMajors = froms.filter((f) => f.startsWith('node:')).map((f) => Number(/^node:(\d+)/.exec(f)?.[1]));
  assert.deepEqual(nodeMajors, [24, 24]);
  const floor = Number(/^>=(\d+)$/.exec((JSON.parse(readRepoFile('package.json')) as { engines: { node: string } }).engines.node)?.[1]);
  assert.equal(floor, 22, 'engines.node is ">=22"');
  const copiesFromGeth = final.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=geth '));
  assert.deepEqual(copiesFromGeth.map((i) => i.args), ['--from=geth /usr/local/bin/geth /usr/local/bin/bootnode /usr/local/bin/']);
});

test('Dockerfile: every COPY source exists in the repository and is not excluded by .dockerignore', () => {
  const ignored = readRepoFile('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const copies = instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='));
  assert.ok(copies.length >= 4);
  for (const { args } of copies) {
    const sources = args.split(' ').slice(0, -1);
    for (const source of sources) {
      assert.ok(existsSync(repoPath(source)), `COPY ${source}: missing from the repository`);
      assert.ok(!ignored.includes(source.split('/')[0] as string), `COPY ${source}: excluded by .dockerignore`);
    }
  }
  // dist/bundle is produced by the build stage: tsc (outDir dist, rootDir .) compiles src/ to
  // dist/src, scripts/bundle.mjs bundles dist/src/cli.js into dist/bundle.
  const build = readRepoFile('tsconfig.json');
  assert.match(build, /"outDir":\s*"dist"/);
  assert.match(build, /"rootDir":\s*"\."/);
  assert.ok(instructions.some((i) => i.keyword === 'RUN' && i.stage < last && /tsc -p tsconfig\.json && node scripts\/bundle\.mjs/.test(i.args)));
  assert.deepEqual(final.filter((i) => i.args.startsWith('--from=build ')).map((i) => i.args), ['--from=build /src/dist/bundle dist/bundle']);
  assert.match(readRepoFile('bin', 'geth-agent'), /import\('\.\.\/dist\/bundle\/cli\.mjs'\)/);
  // The bundler writes the build stamp with the launcher's own module.
  assert.ok(instructions.some((i) => i.keyword === 'COPY' && i.stage < last && i.args === 'bin/build-stamp.mjs bin/build-stamp.mjs'));
  assert.ok(existsSync(repoPath('dist', 'bundle', 'cli.mjs')), 'dist/bundle/cli.mjs (what bin/geth-agent imports) is built from src/');
  assert.match(readRepoFile('package.json'), /"build": "tsc -p tsconfig\.json && node scripts\/bundle\.mjs"/);
});

test('Dockerfile: production dependencies only, no install scripts, in the runtime stage', () => {
  const installs = final.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
  assert.equal(installs.length, 1);
  assert.match(installs[0]?.args ?? '', /npm ci --omit=dev --ignore-scripts/);
});

test('Dockerfile: tini is PID 1 and runs node bin/geth-agent run directly (never npm)', () => {
  assert.ok(final.some((i) => i.keyword === 'RUN' && /apt-get install [^&]*\btini\b/.test(i.args)), 'tini installed');
  const entrypoint = execForm(one('ENTRYPOINT'));
  assert.deepEqual(entrypoint, ['/usr/bin/tini', '--', 'node', '/app/bin/geth-agent']);
  assert.deepEqual(execForm(one('CMD')), ['run']);
  assert.equal(one('STOPSIGNAL'), 'SIGTERM');
  assert.ok(!/\bnpm\b/.test(one('ENTRYPOINT') + one('CMD')));
});

test('Dockerfile: non-root numeric user, ENV names known to the config table', () => {
  const [uid] = one('USER').split(':');
  assert.match(uid ?? '', /^[0-9]+$/, 'numeric USER (Kubernetes runAsNonRoot can only verify a number)');
  assert.notEqual(Number(uid), 0);
  assert.deepEqual(agentEnvProblems(env, 'Dockerfile ENV'), []);
  assert.equal(env.GETH_AGENT_DATA_DIR, '/data');
  assert.equal(env.GETH_AGENT_GETH_BIN, '/usr/local/bin/geth');
  assert.equal(env.GETH_AGENT_LISTEN, '0.0.0.0:8080');
});

test('Dockerfile: HEALTHCHECK probes /health/live on the listen port; EXPOSE lists every port but authrpc', () => {
  const health = one('HEALTHCHECK');
  assert.match(health, /CMD \["node", "-e", /);
  assert.ok(health.includes(`http://127.0.0.1:${listenPort}/health/live`), health);
  const exposed = new Set(one('EXPOSE').split(' ').map((p) => (p.includes('/') ? p : `${p}/tcp`)));
  const boot = parseEnvFile(readRepoFile('config', 'boot.env'));
  const p2p = configTable.p2pPort.default;
  const wanted = [`${listenPort}/tcp`, `${p2p}/tcp`, `${p2p}/udp`, `${boot.GETH_AGENT_P2P_PORT}/udp`, `${configTable.httpPort.default}/tcp`, `${configTable.wsPort.default}/tcp`];
  for (const port of wanted) assert.ok(exposed.has(port), `EXPOSE ${port}`);
  assert.ok(!exposed.has(`${configTable.authrpcPort.default}/tcp`), 'the engine API stays on loopback');
});
