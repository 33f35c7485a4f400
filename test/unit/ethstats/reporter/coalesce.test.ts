import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCoalescer } from '../../../../src/ethstats/reporter/coalesce.js';

/** A job runner whose jobs finish when the test says so. */
function manualJobs<T>() {
  const started: T[] = [];
  const signals: AbortSignal[] = [];
  const finishers: Array<() => void> = [];
  const run = (request: T, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      started.push(request);
      signals.push(signal);
      finishers.push(resolve);
    });
  const finishNext = async (): Promise<void> => {
    finishers.shift()?.();
    // Let the coalescer's promise chain start the next job.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, signals, run, finishNext };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

test('a burst of 20,000 requests becomes the one in flight plus one pending, the latest', async () => {
  const jobs = manualJobs<number>();
  const coalescer = createCoalescer(jobs.run, () => undefined);
  for (let i = 0; i < 20_000; i++) coalescer.submit(i);
  await settle();
  assert.deepEqual(jobs.started, [0], 'one job in flight');
  await jobs.finishNext();
  assert.deepEqual(jobs.started, [0, 19_999], 'then only the latest request');
  await jobs.finishNext();
  await settle();
  assert.equal(jobs.started.length, 2, 'nothing else');
  assert.equal(coalescer.dropped(), 19_998);
  coalescer.submit(7);
  await settle();
  assert.deepEqual(jobs.started, [0, 19_999, 7], 'idle again: a new request runs at once');
});

test('close: the running job is aborted, the pending one dropped, later ones refused', async () => {
  const jobs = manualJobs<string>();
  const coalescer = createCoalescer(jobs.run, () => undefined);
  coalescer.submit('a');
  coalescer.submit('b');
  await settle();
  coalescer.close();
  assert.equal(jobs.signals[0]?.aborted, true);
  await jobs.finishNext();
  coalescer.submit('c');
  await settle();
  assert.deepEqual(jobs.started, ['a'], 'nothing runs after close');
  assert.equal(coalescer.dropped(), 2);
});

test('a failing job is reported and does not stop the next one', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const coalescer = createCoalescer<number>(async (n) => {
    calls += 1;
    if (n === 1) throw new Error('boom');
  }, (err) => errors.push(err));
  coalescer.submit(1);
  coalescer.submit(2);
  for (let i = 0; i < 10; i++) await settle();
  assert.equal(calls, 2);
  assert.equal(errors.length, 1);
});

test('any interleaving of submits, finishes and a close follows the model: one job at a time, then the latest request, nothing after close (property)', async () => {
  let coalesced = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.constantFrom('submit', 'finish', 'close'), { maxLength: 40 }), async (ops) => {
      const jobs = manualJobs<number>();
      const coalescer = createCoalescer(jobs.run, () => undefined);
      const expected: number[] = [];
      let inFlight = false;
      let pending: number | undefined;
      let closed = false;
      let submitted = 0;
      for (const op of ops) {
        if (op === 'submit') {
          const n = submitted++;
          coalescer.submit(n);
          if (closed) continue;
          if (!inFlight) {
            inFlight = true;
            expected.push(n);
          } else {
            if (pending !== undefined) coalesced += 1;
            pending = n;
          }
        } else if (op === 'finish') {
          await jobs.finishNext();
          if (!inFlight) continue;
          inFlight = pending !== undefined && !closed;
          if (inFlight) expected.push(pending as number);
          pending = undefined;
        } else {
          coalescer.close();
          closed = true;
          pending = undefined;
        }
        await settle();
        assert.deepEqual(jobs.started, expected);
      }
    }),
    { numRuns: 300, examples: [[['submit', 'submit', 'submit', 'finish', 'finish', 'close', 'submit']]] },
  );
  assert.ok(coalesced > 0, 'coalescing was reached');
});
