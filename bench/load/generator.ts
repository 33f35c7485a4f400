/**
 * The load generator's own process: `node dist/bench/load/generator.js '<job JSON>'` runs one
 * autocannon round (keep-alive connections issuing GETs back to back for `seconds`) against one
 * URL and prints one JSON line: autocannon's raw round (latency histogram included, so rounds can
 * be pooled) and the CPU this process used (a generator near one full core is the bottleneck).
 */
import { loadAutocannon } from './autocannon.js';

export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
const cpu = process.cpuUsage();
const started = performance.now();
loadAutocannon()({ url: job.url, connections: job.connections, duration: job.seconds, skipAggregateResult: true }, (error, result) => {
  if (error !== null) {
    console.error(error.message);
    process.exit(1);
  }
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ result, generatorCpu: (used.user + used.system) / 1000 / wallMs })}\n`);
});
