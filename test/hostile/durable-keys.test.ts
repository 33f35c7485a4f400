import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { agentBin } from '../helpers/cli.js';
import { toolPath } from '../helpers/geth-bin.js';
import { tempDir } from '../helpers/tmp.js';

const strace = '/usr/bin/strace';
const prlimit = '/usr/bin/prlimit';

/** A sealer agent that provisions its keys, then gives up on an unreachable genesis server (exit 69). */
const sealerEnv = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  GETH_AGENT_ROLE: 'sealer',
  GETH_AGENT_DATA_DIR: dataDir,
  GETH_AGENT_GENESIS_URL: 'http://127.0.0.1:9',
  GETH_AGENT_NETWORK_SECRET: 'durable-test-secret',
  GETH_AGENT_GENESIS_DEADLINE_SECONDS: '1',
  GETH_AGENT_LISTEN: '127.0.0.1:0',
  GETH_AGENT_GETH_BIN: toolPath('geth'),
  ...extra,
});

const run = (command: string[], env: Record<string, string>) =>
  execa(command[0] as string, command.slice(1), { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000 });

async function straceWorks(): Promise<boolean> {
  if (!existsSync(strace)) return false;
  return (await execa(strace, ['-f', '-qq', '-o', '/dev/null', 'true'], { reject: false })).exitCode === 0;
}

test('a power cut after the first start keeps the keys: each key file is fsynced before its rename, its folder after (strace of a real agent)', { timeout: 120_000, skip: !(await straceWorks()) && 'strace missing or not permitted (ptrace)' }, async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  const traceFile = join(dir, 'trace');
  const result = await run([strace, '-f', '-y', '-qq', '--seccomp-bpf', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2', '-e', 'signal=none', '-o', traceFile, process.execPath, agentBin(), 'run'], sealerEnv(dataDir));
  assert.equal(result.exitCode, 69, result.stderr.slice(-500));
  const trace = (await readFile(traceFile, 'utf8')).split('\n');
  const keystore = (await readdir(join(dataDir, 'keystore'))).filter((f) => !f.startsWith('.'));
  assert.equal(keystore.length, 1);
  const keyFiles = [join(dataDir, 'agent', 'nodekey'), join(dataDir, 'agent', 'password'), join(dataDir, 'keystore', keystore[0] as string)];
  for (const file of keyFiles) {
    const folder = file.slice(0, file.lastIndexOf('/'));
    const renamed = trace.findIndex((l) => /\brename(at2?)?\(/.test(l) && l.includes(`"${file}"`) && l.endsWith('= 0'));
    assert.ok(renamed >= 0, `${file} written by a rename (a temp file first):\n${trace.join('\n')}`);
    const temp = /"([^"]+\.tmp)"/.exec(trace[renamed] as string)?.[1];
    assert.ok(temp !== undefined && temp.startsWith(`${folder}/.`), `renamed from a hidden temp file in the same folder: ${trace[renamed]}`);
    const synced = trace.findIndex((l) => /\bf(data)?sync\(\d+</.test(l) && l.includes(`<${temp}>`) && l.endsWith('= 0'));
    assert.ok(synced >= 0 && synced < renamed, `${file}: its content is fsynced before the rename`);
    const folderSynced = trace.findIndex((l, i) => i > renamed && /\bf(data)?sync\(\d+</.test(l) && l.includes(`<${folder}>`) && l.endsWith('= 0'));
    assert.ok(folderSynced > renamed, `${file}: the folder is fsynced after the rename (else the rename itself may be lost)`);
  }
});

test('a disk that fills mid-write (RLIMIT_FSIZE) leaves the key files byte-for-byte intact, no temp file; the next start works', { timeout: 120_000, skip: !existsSync(prlimit) && 'prlimit not installed' }, async (t) => {
  const dir = await tempDir(t);
  const dataDir = join(dir, 'd');
  // A long password: its file is rewritten below past the 1 KiB the limit allows.
  const password = `pw-${'x'.repeat(3000)}`;
  const env = sealerEnv(dataDir, { GETH_AGENT_PASSWORD: password });
  const first = await run([process.execPath, agentBin(), 'run'], env);
  assert.equal(first.exitCode, 69, first.stderr.slice(-500));
  // An operator added a newline: the stored file differs from GETH_AGENT_PASSWORD, so the next start rewrites it.
  await appendFile(join(dataDir, 'agent', 'password'), '\n');
  const snapshot = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const folder of ['agent', 'keystore']) {
      for (const name of await readdir(join(dataDir, folder))) {
        if (name === 'geth-version.json') continue;
        out[`${folder}/${name}`] = (await readFile(join(dataDir, folder, name))).toString('base64');
      }
    }
    return out;
  };
  const before = await snapshot();
  assert.deepEqual(Object.keys(before).filter((f) => /nodekey|password|keystore\/UTC--/.test(f)).length, 3, Object.keys(before).join(', '));

  // Writes past 1 KiB fail with EFBIG (Node ignores SIGXFSZ): the password write fails midway.
  const full = await run([prlimit, '--fsize=1024', process.execPath, agentBin(), 'run'], env);
  assert.equal(full.exitCode, 78, full.stderr.slice(-500));
  assert.match(full.stderr, /cannot write .*agent\/password \(EFBIG\)/);
  assert.deepEqual(await snapshot(), before, 'every key file as it was, and no temp file left');

  const again = await run([process.execPath, agentBin(), 'run'], env);
  assert.equal(again.exitCode, 69, `the keys still decrypt and the agent goes on to the genesis server: ${again.stderr.slice(-300)}`);
  assert.equal(await readFile(join(dataDir, 'agent', 'password'), 'utf8'), password);
});
