/**
 * Cost of the keystore work a sealer does at start: encrypt (first start) and decrypt (every
 * later start) with ethers' default scrypt (N = 2^17, what production uses), against the cheap
 * test cost (N = 2^4) measured in the same run as the baseline.
 *   node dist/bench/identity-keystore.js [runs]
 */
import { Wallet, decryptKeystoreJson, encryptKeystoreJson } from 'ethers';
import { figure, writeReport } from './report.js';

const runs = Number(process.argv[2] ?? 5);

const stats = (samples: number[]): string => {
  const sorted = [...samples].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? 0;
  return `median ${median.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (n=${samples.length})`;
};

async function measure(label: string, scrypt: { N: number } | undefined): Promise<{ encrypt: number[]; decrypt: number[] }> {
  const wallet = Wallet.createRandom();
  const account = { address: wallet.address, privateKey: wallet.privateKey };
  const encrypt: number[] = [];
  const decrypt: number[] = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    const json = await encryptKeystoreJson(account, 'bench-password', scrypt === undefined ? {} : { scrypt });
    encrypt.push(performance.now() - started);
    started = performance.now();
    await decryptKeystoreJson(json, 'bench-password');
    decrypt.push(performance.now() - started);
  }
  console.log(`${label.padEnd(28)} encrypt: ${stats(encrypt)}; decrypt: ${stats(decrypt)}`);
  return { encrypt, decrypt };
}

const cheap = await measure('baseline scrypt N=2^4', { N: 16 });
const production = await measure('production scrypt N=2^17', undefined);
await writeReport({
  bench: 'identity-keystore',
  figures: [
    figure({ figure: 'keystore encrypt, scrypt N=2^17 (first start)', unit: 'ms', samples: production.encrypt, baseline: { name: 'N=2^4 (test cost)', samples: cheap.encrypt } }),
    figure({ figure: 'keystore decrypt, scrypt N=2^17 (every start)', unit: 'ms', samples: production.decrypt, baseline: { name: 'N=2^4 (test cost)', samples: cheap.decrypt } }),
  ],
  notes: ['No goal: the cost a sealer pays once per start (ethers v6 default scrypt parameters).'],
});
