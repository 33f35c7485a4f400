import { test, type TestContext, type TestOptions } from 'node:test';

/**
 * Tests that need a tool this machine may lack (Chromium, kubectl, setpriv...). On a developer's
 * machine a missing tool skips the test with its reason; in CI (`CI=true`) nothing may hide behind a
 * green skip: the test runs and fails with the same reason, so CI must install what its tests need.
 */
export const inCi = (): boolean => process.env['CI'] === 'true' || process.env['CI'] === '1';

const failure = (missing: string): Error => new Error(`${missing}: with CI=true a missing tool fails the test instead of skipping it`);

/** `test()` for a test that needs a tool: `missing` is the reason it cannot run here, or false. */
export function toolTest(name: string, options: TestOptions, missing: string | false, fn: (t: TestContext) => Promise<void> | void): void {
  if (missing === false) test(name, options, fn);
  else if (inCi()) test(name, options, () => { throw failure(missing); });
  else test(name, { ...options, skip: missing }, fn);
}

/**
 * For a need found while the test runs: skips the test (returns true: the caller returns) or, in
 * CI, throws. Returns false when nothing is missing.
 */
export function skipOrFail(t: TestContext, missing: string | false): boolean {
  if (missing === false) return false;
  if (inCi()) throw failure(missing);
  t.skip(missing);
  return true;
}
