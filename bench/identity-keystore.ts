/**
 * Cost of the keystore work a sealer does at start: encrypt (first start) and decrypt (every
 * later start) at ethers' default scrypt cost (N = 2^17, what production uses), with the agent's
 * scrypt (Node's OpenSSL scrypt registered into ethers, src/identity/native-scrypt.ts) against
 * ethers' own JavaScript scrypt as the baseline, each in a fresh process of the same run. RSS after
 * each operation shows what stays behind (the JS scrypt's 128 MiB lives until a major GC).
 *   node dist/bench/identity-keystore.js [runs]      (runs each variant in a child process)
 */
import { execa } from 'execa';
import { Wallet, decryptKeystoreJson, encryptKeystoreJson } from 'ethers';
import { useNativeScrypt } from '../src/identity/native-scrypt.js';
import { benchNode } from './agent-bin.js';
import { figure, writeReport } from './report.js';
import { median } from './stats.js';

const runs = Number(process.argv[2] ?? 5);
const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;

interface Samples {
  readonly encrypt: number[];
  readonly decrypt: number[];
  readonly rss: number[];
}

async function measure(label: string): Promise<Samples> {
  const wallet = Wallet.createRandom();
  const account = { address: wallet.address, privateKey: wallet.privateKey };
  const out = { encrypt: [] as number[], decrypt: [] as number[], rss: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const json = await encryptKeystoreJson(account, 'bench-password');
    out.encrypt.push(performance.now() - started);
    out.rss.push(rssMb());
    started = performance.now();
    await decryptKeystoreJson(json, 'bench-password');
    out.decrypt.push(performance.now() - started);
    out.rss.push(rssMb());
  }
  process.stderr.write(`${label.padEnd(34)} encrypt median ${median(out.encrypt).toFixed(0)} ms, decrypt median ${median(out.decrypt).toFixed(0)} ms, RSS after median ${median(out.rss).toFixed(0)} MiB\n`);
  return out;
}

// Each variant runs in its own process, so RSS shows what that scrypt leaves behind.
const variant = process.argv[3];
if (variant === 'javascript' || variant === 'native') {
  if (variant === 'native') useNativeScrypt();
  process.stdout.write(`${JSON.stringify({ rssAtStart: rssMb(), ...(await measure(variant === 'native' ? 'agent: native scrypt N=2^17' : "ethers' JavaScript scrypt N=2^17")) })}\n`);
} else {
  const child = async (name: string): Promise<Samples & { rssAtStart: number }> => {
    const { stdout } = await execa(benchNode(), [process.argv[1] as string, String(runs), name], { stderr: 'inherit' });
    const lines = stdout.trim().split('\n');
    console.log(lines.slice(0, -1).join('\n'));
    return JSON.parse(lines.at(-1) as string) as Samples & { rssAtStart: number };
  };
  const javascript = await child('javascript');
  const native = await child('native');
  const baseline = (samples: number[]) => ({ name: "ethers' JavaScript scrypt", samples });
  await writeReport({
    bench: 'identity-keystore',
    figures: [
      figure({ figure: 'keystore encrypt, scrypt N=2^17 (first start)', unit: 'ms', samples: native.encrypt, baseline: baseline(javascript.encrypt) }),
      figure({ figure: 'keystore decrypt, scrypt N=2^17 (every start)', unit: 'ms', samples: native.decrypt, baseline: baseline(javascript.decrypt) }),
      figure({ figure: 'process RSS after a keystore operation (agent: scrypt in a child process)', unit: 'MiB', samples: native.rss, baseline: baseline(javascript.rss) }),
    ],
    notes: [
      `${runs} encrypt + decrypt pairs per variant, each variant in its own process (RSS before: ${native.rssAtStart.toFixed(0)} MiB); ethers v6 default scrypt parameters (N = 2^17, r = 8, p = 1).`,
      'No goal: the cost a sealer pays once per start (decrypt), or once ever (encrypt).',
    ],
  });
}
