import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addCounts, attackLabel, mergeResults, parseAttacks, refusalsByAttack, refusalsFrom, repeatAttack, type AttackerReport } from '../../../bench/hostile/attacks.js';
import { contentionWarnings, coresLeft, runQueueWarnings } from '../../../bench/hostile/contention.js';
import { memoryFigures, underWayWarnings, unattackedWarnings, type AttackedWindow, type WindowResult } from '../../../bench/hostile/figures.js';
import { directoryCounts, preloginCounts } from '../../../bench/hostile/iterations.js';
import { parseSchedstat } from '../../../bench/proc.js';
import { figure } from '../../../bench/report.js';
import { min } from '../../../bench/stats.js';

test('counts add key by key without changing either side; tallies of loops merge', () => {
  const a = { 'flood: 201': 3, errors: 1 };
  assert.deepEqual(addCounts(a, { 'flood: 201': 2, 'flood: 507': 1 }), { 'flood: 201': 5, errors: 1, 'flood: 507': 1 });
  assert.deepEqual(a, { 'flood: 201': 3, errors: 1 });
  const merged = mergeResults([
    { iterations: 2, counts: { x: 1 }, errors: ['a', 'b', 'c'] },
    { iterations: 3, counts: { x: 2, y: 1 }, errors: ['d', 'e', 'f'] },
  ]);
  assert.deepEqual(merged, { iterations: 5, counts: { x: 3, y: 1 }, errors: ['a', 'b', 'c', 'd', 'e'] });
});

test('--attacks picks some of the attacks, in the suite\'s order; figures are labelled by their numbers', () => {
  assert.deepEqual(parseAttacks('directory, prelogin'), ['prelogin', 'directory']);
  assert.equal(attackLabel(parseAttacks('prelogin,state,directory')), 'attacks 1+2+4');
  assert.equal(attackLabel(parseAttacks('directory')), 'attack 4');
  assert.throws(() => parseAttacks('directory,slowloris'), /unknown: slowloris/);
  assert.throws(() => parseAttacks(' , '), /comma-separated list of prelogin, state, directory/);
  const only = memoryFigures({ unattacked: [quietWindow([70])], attacked: [attackedWindow([80], { prelogin: 0, state: 0 }, [report('directory', 2)])], rssGoalMiB: 50, attacks: ['directory'] });
  assert.equal(only[0]?.figure, 'genesis agent RSS under attack 4 (max per window)');
  assert.deepEqual(only.filter((f) => f.figure.includes('refusals counted')).map((f) => f.figure.slice(0, 8)), ['attack 4'], 'no refusal figure for an attack that did not run');
  assert.deepEqual(only[1]?.warnings ?? [], [], 'nor a warning that it was not under way');
});

test('an attack repeats until stopped, at most once per interval; an iteration that throws is counted and the attack goes on', async () => {
  let clock = 0;
  const sleeps: number[] = [];
  let stopped = false;
  const seen: number[] = [];
  const loop = repeatAttack(
    async (i) => {
      seen.push(i);
      clock += 100; // each iteration takes 100 ms
      if (i === 1) throw new Error('reset by peer');
      if (i === 3) stopped = true;
      return { hits: 1 };
    },
    { intervalMs: 250, stopped: () => stopped, now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; } },
  );
  const result = await loop.finished;
  assert.deepEqual(seen, [0, 1, 2, 3], 'each iteration gets its own number');
  assert.deepEqual(sleeps, [150, 150, 150], 'the rest of the interval after each iteration; none once stopped');
  assert.deepEqual(result, { iterations: 4, counts: { hits: 3, errors: 1 }, errors: ['reset by peer'] });
  assert.deepEqual(loop.current(), result);
});

test('an iteration slower than the interval is followed at once; current() is the tally so far', async () => {
  let clock = 0;
  let stopped = false;
  const sleeps: number[] = [];
  let release = (): void => undefined;
  const loop = repeatAttack(
    async (i) => {
      clock += 400;
      if (i === 1) await new Promise<void>((resolve) => (release = resolve));
      return { n: 1 };
    },
    { intervalMs: 250, stopped: () => stopped, now: () => clock, sleep: async (ms) => { sleeps.push(ms); } },
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(loop.current(), { iterations: 1, counts: { n: 1 }, errors: [] }, 'the second iteration is still under way');
  stopped = true;
  release();
  assert.equal((await loop.finished).iterations, 2);
  assert.deepEqual(sleeps, []);
});

test('refusals are read from a scrape and attributed to the attack whose limits they are; the rest is "other"', () => {
  const scrape = (values: Record<string, number>): Map<string, number> =>
    new Map([...Object.entries(values).map(([limit, n]) => [`geth_agent_limit_refusals_total{limit="${limit}"}`, n] as [string, number]), ['geth_agent_up', 1]]);
  const before = refusalsFrom(scrape({ collector_prelogin_bytes: 5, directory_full: 1, http_connections: 0 }));
  assert.deepEqual(before, { collector_prelogin_bytes: 5, directory_full: 1, http_connections: 0 });
  const after = refusalsFrom(scrape({ collector_prelogin_bytes: 45, collector_connections_per_address: 3, collector_frame: 1, collector_rate: 2, directory_full: 1, directory_address: 2, http_connections: 4 }));
  assert.deepEqual(refusalsByAttack(before, after), { prelogin: 43, state: 3, directory: 2, other: 4 });
  assert.deepEqual(refusalsByAttack(after, after), { prelogin: 0, state: 0, directory: 0, other: 0 });
});

const quietWindow = (rss: number[], peak = Math.max(...rss)): WindowResult => ({ rss, peak, cpu: 0.3, runQueue: 0.1, refusals: { prelogin: 0, state: 0, directory: 0, other: 0 } });
const report = (attack: AttackerReport['attack'], iterations: number, errors = 0): AttackerReport => ({ attack, iterations, counts: errors > 0 ? { errors } : {}, errors: [], cutOff: 0, cpu: 0.1, seconds: 5 });
const attackedWindow = (rss: number[], refusals: Partial<WindowResult['refusals']> = {}, attackers = [report('prelogin', 3), report('state', 2), report('directory', 1)]): AttackedWindow => ({
  ...quietWindow(rss),
  refusals: { prelogin: 10, state: 2, directory: 1, other: 0, ...refusals },
  attackers,
});

test('memory figures: RSS under attack against unattacked, its rise above the agent before any attack judged against the bound', () => {
  const unattacked = [quietWindow([70, 72]), quietWindow([74, 75])];
  const figures = memoryFigures({ unattacked, attacked: [attackedWindow([80, 110]), attackedWindow([90, 100])], rssGoalMiB: 50 });
  const [rss, rise, peak] = figures;
  assert.deepEqual(rss?.samples, [110, 100]);
  assert.deepEqual(rss?.baseline?.samples, [72, 75]);
  assert.deepEqual(rise?.samples, [38, 28], 'against the first unattacked window (72 MiB), before any attack');
  assert.equal(rise?.goalMet, true);
  assert.deepEqual(peak?.samples, [110, 100]);
  const over = memoryFigures({ unattacked, attacked: [attackedWindow([80, 110]), attackedWindow([90, 123])], rssGoalMiB: 50 })[1];
  assert.equal(over?.goalValue, 51);
  assert.equal(over?.goalHeld, false, 'one window over the bound misses it');
  // Each attack's refusals: at least one in every window, or that attack was not under way.
  const silent = memoryFigures({ unattacked, attacked: [attackedWindow([80]), attackedWindow([80], { directory: 0 })], rssGoalMiB: 50 });
  const directory = silent.find((f) => f.figure.startsWith('attack 4'));
  assert.equal(directory?.goalHeld, false);
  assert.equal(silent.find((f) => f.figure.startsWith('attack 1'))?.goalMet, true);
  assert.match(silent[1]?.warnings?.join('\n') ?? '', /attack 4 .* counted no refusal in 1 of 2 windows/, 'and the RSS verdict does not count');
});

test('an unattacked window that counted refusals voids every comparison; an attacker that completed nothing was not attacking', () => {
  const disturbed = { ...quietWindow([70]), refusals: { prelogin: 0, state: 0, directory: 0, other: 2 } };
  assert.deepEqual(unattackedWarnings([quietWindow([70]), quietWindow([71])]), []);
  assert.match(unattackedWarnings([quietWindow([70]), disturbed])[0] ?? '', /^invalid: 1 of 2 unattacked windows counted refusals \(2 in all\)/);
  assert.equal(memoryFigures({ unattacked: [quietWindow([70]), disturbed], attacked: [attackedWindow([80]), attackedWindow([80])], rssGoalMiB: 50 })[0]?.warnings?.length, 1);
  assert.deepEqual(underWayWarnings([attackedWindow([80])]), []);
  const idle = attackedWindow([80], {}, [report('prelogin', 3), report('state', 2, 2), report('directory', 1)]);
  assert.deepEqual(underWayWarnings([attackedWindow([80]), idle]), ['invalid: attack 2 (logged-in huge blocks, ids churning) completed no iteration in 1 of 2 windows']);
});

test('attackers and the generator sharing the cores: a held latency bound stands, a miss or a bare value needs a core left to the agent', () => {
  const busy = [{ generator: 0.5, attackers: 0.4 }, { generator: 0.6, attackers: 0.7 }];
  assert.ok(Math.abs(coresLeft(2, busy) - 0.7) < 1e-9);
  assert.deepEqual(contentionWarnings({ measure: 'latency', bound: 'at most', held: true }, 2, busy), []);
  assert.match(contentionWarnings({ measure: 'latency', bound: 'at most', held: false }, 2, busy)[0] ?? '', /^invalid: the attackers \(70 % of a core\) and the load generator \(60 %\) left the agent 0\.70 of 2 cores .*goal missed only because of it/);
  assert.equal(contentionWarnings({ measure: 'throughput', bound: 'value' }, 2, busy).length, 1);
  assert.deepEqual(contentionWarnings({ measure: 'latency', bound: 'at most', held: false }, 2, [{ generator: 0.5, attackers: 0.5 }]), [], 'exactly one core left is enough');
  assert.deepEqual(contentionWarnings({ measure: 'latency', bound: 'value' }, 2, []), []);
});

test("the agent waiting for a core (the machine's load) voids a miss, never a held latency bound", () => {
  const miss = { measure: 'latency', bound: 'at most', held: false } as const;
  assert.deepEqual(runQueueWarnings({ ...miss, held: true }, [0.9, 0.8]), []);
  assert.deepEqual(runQueueWarnings(miss, [0.05, 0.2]), [], 'up to 20 % of a window is the agent\'s own latency');
  assert.deepEqual(runQueueWarnings(miss, [0.05, 0.76, 0.3]), ['invalid: the agent waited for a core up to 76 % of an attacked window (over 20 % in 2 of 3): the latency may be the machine\'s, and the goal missed only because of it']);
  assert.match(runQueueWarnings({ measure: 'throughput', bound: 'value' }, [0.5])[0] ?? '', /the throughput may be the machine's$/);
  assert.deepEqual(runQueueWarnings(miss, [Number.NaN]), [], 'without schedstats nothing is claimed');
});

test('what an iteration got back, tallied by outcome', () => {
  assert.deepEqual(preloginCounts({ upgraded: 12, refused: 28, failed: 0, payloadBytesWritten: 3 * 2 ** 20, cutShort: 12 }), {
    'upgrades refused': 28, 'upgraded, cut short': 12, 'upgraded, sent it all': 0, 'connections failed': 0, 'MiB written': 3,
  });
  assert.deepEqual(directoryCounts({ attempts: { '127.0.0.66': { status: 403, form: 'x' }, '169.254.169.254': { status: 422, form: 'x' } } }, { statuses: { '201 signed': 60, '507 signed': 4 }, ms: 10 }), {
    'hijack to 127.0.0.66: 403': 1, 'hijack to 169.254.169.254: 422': 1, 'flood: 201 signed': 60, 'flood: 507 signed': 4,
  });
});

test('schedstat: run and wait nanoseconds of the main thread; min and a goal on it', () => {
  assert.deepEqual(parseSchedstat('1534520000 289000000 4821\n'), { runNs: 1_534_520_000, waitNs: 289_000_000 });
  assert.ok(Number.isNaN(parseSchedstat('').waitNs));
  assert.equal(min([3, 1, 2]), 1);
  assert.ok(Number.isNaN(min([])));
  const refusals = figure({ figure: 'refusals', unit: 'refusals', samples: [4, 0, 9], goal: { of: 'min', op: '>', value: 0 } });
  assert.equal(refusals.goal, 'min > 0 refusals');
  assert.equal(refusals.goalValue, 0);
  assert.equal(refusals.goalHeld, false);
});
