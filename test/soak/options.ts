import { parseArgs } from 'node:util';

export interface SoakOptions {
  readonly minutes: number;
  readonly seed: number;
  readonly sealers: number;
  readonly clients: number;
  readonly period: number;
  /** Keep the soak folder (chains, logs) afterwards; default: kept only when an invariant broke. */
  readonly keep: boolean;
  /** Soak folder; default a fresh temp folder. */
  readonly dir: string | undefined;
  /** Bound for convergence after the faults stop (seconds). */
  readonly settleSeconds: number;
  /** Run the network as pods (podman containers, test/pods/) and add their fault classes. */
  readonly pods: boolean;
}

const usage = 'usage: npm run soak -- [--pods] [--minutes 5] [--seed N] [--sealers 3] [--clients 2] [--period 2] [--settle 90] [--dir DIR] [--keep]';

const positive = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})\n${usage}`);
  return value;
};

/** Parses the soak's command line; throws with the usage on a bad value. */
export function parseSoakOptions(argv: readonly string[], now = Date.now()): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      minutes: { type: 'string' }, seed: { type: 'string' }, sealers: { type: 'string' }, clients: { type: 'string' },
      period: { type: 'string' }, settle: { type: 'string' }, dir: { type: 'string' }, keep: { type: 'boolean' }, pods: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.pods === true && values.dir !== undefined) throw new Error(`--dir is for the loopback soak; pods keep their files in the harness's own folder\n${usage}`);
  return {
    minutes: positive('minutes', values.minutes, 5, 0.5, 24 * 60),
    seed: Math.floor(positive('seed', values.seed, now % 1_000_000, 0, 2 ** 32 - 1)),
    sealers: Math.floor(positive('sealers', values.sealers, 3, 1, 7)),
    clients: Math.floor(positive('clients', values.clients, 2, 1, 4)),
    period: Math.floor(positive('period', values.period, 2, 1, 15)),
    settleSeconds: positive('settle', values.settle, 90, 10, 600),
    keep: values.keep ?? false,
    dir: values.dir,
    pods: values.pods ?? false,
  };
}
