/**
 * One iteration of each attack, as test/hostile/attacks/ runs it against real agents, and the
 * counts each iteration adds to its attacker's tally (those mappings are pure).
 */
import { preloginFlood, type PreloginFloodResult } from '../../test/hostile/attacks/collector-prelogin.js';
import { stateFlood, type StateFloodResult } from '../../test/hostile/attacks/collector-state.js';
import { floodDirectory, hijackBootnode, type FloodResult, type HijackResult } from '../../test/hostile/attacks/directory.js';
import type { AttackJob, Counts } from './attacks.js';

export const preloginCounts = (r: PreloginFloodResult): Counts => ({
  'upgrades refused': r.refused,
  'upgraded, cut short': r.cutShort,
  'upgraded, sent it all': r.upgraded - r.cutShort,
  'connections failed': r.failed,
  'MiB written': r.payloadBytesWritten / 2 ** 20,
});

export const stateCounts = (r: StateFloodResult): Counts => ({
  [`big-block sessions ${r.loggedIn ? `closed ${r.closeCode ?? 'by the attacker'}` : 'refused'}`]: 1,
  'big blocks sent': r.blocksSent,
});

export const churnCounts = (r: StateFloodResult): Counts => ({
  'churning ids logged in': r.churnLoggedIn + (r.loggedIn ? 1 : 0),
  'churning ids refused': r.churnRefused + (r.loggedIn ? 0 : 1),
});

export function directoryCounts(hijack: HijackResult, flood: FloodResult): Counts {
  const counts: Counts = {};
  for (const [host, { status }] of Object.entries(hijack.attempts)) counts[`hijack to ${host}: ${status}`] = 1;
  for (const [status, n] of Object.entries(flood.statuses)) counts[`flood: ${status}`] = n;
  return counts;
}

/**
 * The iterations `job` repeats, one loop each, run side by side (i: the iteration's number in its
 * loop, which makes each iteration's ids new).
 */
export function loopsOf(job: AttackJob): Array<(i: number) => Promise<Counts>> {
  switch (job.attack) {
    case 'prelogin':
      // Announced frames at the post-login limit, all but the last byte sent: nothing completes.
      return [async () => preloginCounts(await preloginFlood({ host: job.host, port: job.port, connections: job.connections, frameBytes: job.frameBytes, timeoutMs: 10_000 }))];
    case 'state': {
      const common = { url: job.url, secret: job.secret, localAddress: job.localAddress, txPerBlock: job.txPerBlock };
      return [
        // The reporter of the reported attack: 50 blocks of txPerBlock hashes (the first frame
        // over the limit ends its session; its bytes are read at the rate limit meanwhile).
        async (i) => stateCounts(await stateFlood({ ...common, id: `hostile-${i}`, blocks: 50 })),
        // New ids logging in, reporting a block and leaving, each loop with ids never seen.
        async (i) => churnCounts(await stateFlood({ ...common, id: `churner-${i}`, blocks: 0, churnIds: job.churnIds, churnPrefix: `churn-${i}-`, churnConcurrency: job.churnConcurrency })),
      ];
    }
    case 'directory': {
      const target = { url: job.url, secret: job.secret, network: job.network };
      return [async () => directoryCounts(await hijackBootnode(target, job.victim, ['127.0.0.66', '169.254.169.254']), await floodDirectory(target, { count: job.floodCount, concurrency: job.concurrency }))];
    }
  }
}
