/**
 * `npm run pods -- [--sealers 3] [--clients 2] [--period 2]`: the reference topology of
 * deploy/docker-compose.yml as podman containers on a network of their own, until Ctrl-C. Every
 * container, volume and the network are removed on the way out (also on SIGTERM or a failure).
 * Exit 0 after a clean stop; 1 when the network did not come up; 64 bad arguments; 69 when pods
 * cannot run here (not root, no podman: see scripts/install-pods.sh).
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { podsUnavailable } from './available.js';
import { createPods, type Pods } from './pods.js';
import { waitReady } from './wait.js';

const usage = 'usage: npm run pods -- [--sealers 3] [--clients 2] [--period 2]';
const say = (line: string): void => console.log(`pods ${new Date().toISOString().slice(11, 19)} ${line}`);

function options(argv: string[]): { sealers: number; clients: number; period: number } {
  const { values } = parseArgs({ args: argv, options: { sealers: { type: 'string' }, clients: { type: 'string' }, period: { type: 'string' } }, strict: true });
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})\n${usage}`);
    return value;
  };
  return { sealers: int('sealers', values.sealers, 3, 1, 9), clients: int('clients', values.clients, 2, 0, 9), period: int('period', values.period, 2, 1, 30) };
}

/** One line per node: address, readiness, head, peers; the RPC and agent URLs to use from this machine. */
async function table(pods: Pods): Promise<string> {
  const rows = await Promise.all(
    pods.nodes.map(async (node) => {
      const [address, view] = await Promise.all([pods.ip(node.name), pods.status(node.name)]);
      const rpc = node.role === 'client' ? await pods.rpcUrl(node.name) : undefined;
      return [node.name, address ?? '-', view?.status ?? '-', view?.head?.number === undefined ? '-' : String(view.head.number), view?.peers === null || view?.peers === undefined ? '-' : String(view.peers), address === undefined ? '-' : `http://${address}:8080`, rpc ?? '-'];
    }),
  );
  const head = ['NAME', 'ADDRESS', 'HEALTH', 'HEAD', 'PEERS', 'AGENT (/health /metrics /)', 'RPC'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n');
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(64);
}
const unavailable = await podsUnavailable();
if (unavailable !== undefined) {
  console.error(`pods cannot run here: ${unavailable}`);
  process.exit(69);
}

const pods = await createPods({ ...parsed, log: say, removeOnSignal: false });
const stopped = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  signals++;
  if (signals > 1) {
    say(`${signal} again: still removing; podman ... --filter label=${pods.label} shows what is left`);
    return;
  }
  say(`${signal}: removing the containers, volumes and network`);
  stopped.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

let code = 0;
try {
  say(`run ${pods.run}: ${parsed.sealers} sealers, ${parsed.clients} clients, clique period ${parsed.period} s (files in ${pods.dir})`);
  await Promise.race([
    (async () => {
      await pods.up();
      const ms = await waitReady(pods, pods.nodes.map((n) => n.name), 240_000, stopped.signal);
      say(`every node ready in ${(ms / 1000).toFixed(1)} s after the containers started; Ctrl-C stops and removes everything`);
    })(),
    new Promise((_, reject) => stopped.signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true })),
  ]);
  while (!stopped.signal.aborted) {
    console.log(`\n${await table(pods)}\n`);
    await sleep(10_000, undefined, { signal: stopped.signal }).catch(() => undefined);
  }
} catch (error) {
  if (!stopped.signal.aborted) {
    code = 1;
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
} finally {
  const left = await pods.close();
  if (left.length > 0) {
    code = 1;
    say(`left behind: ${left.join(', ')}`);
  }
}
process.exitCode = code;
