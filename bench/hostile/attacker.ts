/**
 * One attacker's own process: `node dist/bench/hostile/attacker.js`, its job (JSON, one line) on
 * stdin, repeats one attack of test/hostile/attacks/ against the genesis agent until its stdin
 * ends (the bench's signal to stop) or `maxSeconds` pass. The job holds the secrets the attack
 * uses, so it comes on stdin, never in argv or env. It prints `attacking` once it starts and,
 * when it stops, one JSON line: its AttackerReport (what the attack got back, tallied, and the
 * CPU it used). In its own process, the attacker's CPU never runs in the event loop of the bench
 * that measures.
 */
import { createInterface } from 'node:readline';
import type { AttackerReport, AttackJob } from './attacks.js';
import { mergeResults, repeatAttack } from './attacks.js';
import { loopsOf } from './iterations.js';

/** How long a stopped attacker waits for iterations under way before it reports without them. */
const STOP_GRACE_MS = 2000;

const cpu = process.cpuUsage();
const started = performance.now();
let stopped = false;
let onStop = (): void => undefined;
const stopping = new Promise<void>((resolve) => (onStop = resolve));
const stop = (): void => {
  stopped = true;
  onStop();
};
const input = createInterface({ input: process.stdin });
const firstLine = new Promise<string | undefined>((resolve) => {
  input.once('line', resolve);
  input.once('close', () => resolve(undefined));
});
input.once('close', stop);
const line = await firstLine;
if (line === undefined) {
  console.error('attacker: stdin ended before its job');
  process.exit(64);
}
const job = JSON.parse(line) as AttackJob;
const safety = setTimeout(stop, job.maxSeconds * 1000);

console.log('attacking');
const loops = loopsOf(job).map((iteration) => {
  const loop = repeatAttack(iteration, { intervalMs: job.intervalMs, stopped: () => stopped });
  let done = false;
  void loop.finished.then(() => (done = true));
  return { ...loop, done: () => done };
});
await stopping;
clearTimeout(safety);
// An iteration held up by the server (bytes read at its rate limit) is not waited for long.
await Promise.race([Promise.all(loops.map((l) => l.finished)), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))]);
const used = process.cpuUsage(cpu);
const wallMs = performance.now() - started;
const report: AttackerReport = {
  attack: job.attack,
  ...mergeResults(loops.map((l) => l.current())),
  cutOff: loops.filter((l) => !l.done()).length,
  cpu: (used.user + used.system) / 1000 / wallMs,
  seconds: wallMs / 1000,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
// Sockets an unfinished iteration still holds end with the process.
process.exit(0);
