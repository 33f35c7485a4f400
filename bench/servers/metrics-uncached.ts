/**
 * The node agent's /metrics with its 1 s cache off, in its own process: the registry the agent
 * builds (createMetrics, the agent's logger and HTTP app, nodeRoutes), its state fed by the
 * agent's observer polling a real geth over IPC every second, rendered on every request. That is
 * the same work geth's /debug/metrics/prometheus does per request.
 *   node dist/bench/servers/metrics-uncached.js <geth.ipc>      (prints `listening <port>`)
 */
import { connectIpc, type IpcClient } from '../../src/geth/rpc/ipc-client.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLiveness, nodeRoutes } from '../../src/http/node-routes.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createStateStore, initialNodeState } from '../../src/state/store.js';
import { createObserver } from '../../src/watchdog/observer.js';

const ipcPath = process.argv[2] ?? '';
const logger = createLogger({ level: 'warn' });
const store = createStateStore(initialNodeState('client', Date.now()));
store.update((s) => ({ geth: { ...s.geth, state: 'running', startedAt: Date.now() } }));
const metrics = createMetrics({ getState: store.get });
const ipc: IpcClient = await connectIpc({ path: ipcPath, timeoutMs: 3000, logger });
const observer = createObserver({ store, logger, intervalMs: 1000, cliquePeriod: 2, rpc: () => ipc, onCall: (method, s) => metrics.rpcDuration.observe({ method }, s) });
observer.start();
await observer.poll();
const app = createHttpApp({ logger, role: 'client', health: false });
await app.register(nodeRoutes({ store, metrics, liveness: createLiveness({ stallMs: 60_000 }).check, metricsCacheMs: 0, thresholds: { minPeers: 0, maxBlocksBehind: 2, maxHeadAgeSeconds: 30, maxRpcAgeSeconds: 30 } }));
const address = await app.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
console.log(`listening ${new URL(address).port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void (async () => {
    await observer.stop();
    ipc.close();
    await app.close();
    process.exit(0);
  })());
}
