/* A real Prometheus and promtool in tests (Debian's `prometheus` package, which .ci/run installs). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { spawnTestProcess, type TestProcess } from './geth-process.js';
import { existsSync } from 'node:fs';
import { skipOrFail } from './tools.js';
import { freePorts } from './ports.js';
import { tempDir } from './tmp.js';

export const prometheusBin = '/usr/bin/prometheus';
export const promtoolBin = '/usr/bin/promtool';

/** Both tools present; else the test skips, or fails with CI=true (the checks must run in CI). */
export const havePrometheus = (t: TestContext): boolean => {
  const absent = [promtoolBin, prometheusBin].filter((bin) => !existsSync(bin));
  return !skipOrFail(t, absent.length === 0 ? false : `${absent.join(' and ')} missing: apt-get install -y prometheus (as root; .ci/run does it)`);
};

/** Runs promtool; stdin is fed when given (`check metrics` reads the exposition from stdin). */
export async function promtool(args: readonly string[], input?: string): Promise<{ code: number | undefined; output: string }> {
  const result = await execa(promtoolBin, [...args], { reject: false, timeout: 60_000, ...(input === undefined ? { stdin: 'ignore' as const } : { input }), all: true });
  return { code: result.exitCode, output: result.all ?? '' };
}

export interface RunningPrometheus {
  readonly url: string;
  readonly process: TestProcess;
  /** An instant query's result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Every target of the scrape config with its health. */
  targets(): Promise<Array<{ labels: Record<string, string>; health: string; lastError: string; scrapeUrl: string }>>;
}

/**
 * Prometheus on 127.0.0.1 (a free port: Prometheus cannot bind port 0 and report it), its TSDB in
 * the test's temp folder, stopped when the test ends (also on failure).
 */
export async function startPrometheus(t: TestContext, configFile: string): Promise<RunningPrometheus> {
  const storage = join(await tempDir(t, 'ga-prom-'), 'tsdb');
  const [port] = await freePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const process = spawnTestProcess(prometheusBin, [`--config.file=${configFile}`, `--storage.tsdb.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1h'], { env: { PATH: '/usr/bin:/bin' } });
  t.after(() => process.stop(10_000));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    assert.ok(process.isRunning(), `prometheus exited: ${process.lines.slice(-5).join('\n')}`);
    assert.ok(Date.now() < deadline, `prometheus not ready in 30 s: ${process.lines.slice(-5).join('\n')}`);
    await sleep(200);
  }
  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${url}${path}`)).json()) as { status: string; data: T; error?: string };
    assert.equal(body.status, 'success', `${path}: ${body.error ?? ''}`);
    return body.data;
  };
  return {
    url,
    process,
    query: async (expr) => (await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    targets: async () => (await api<{ activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string; scrapeUrl: string }> }>('/api/v1/targets?state=active')).activeTargets,
  };
}
