/**
 * `npm run bench`: runs every benchmark in bench/ one after the other (never in parallel: they
 * share two cores), each printing its medians next to the baseline it measures in the same run.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { packageRoot } from '../src/version.js';

const benches: Array<[string, string[]]> = [
  ['genesis-server', ['--rounds', '3', '--seconds', '3', '--connections', '16']],
  ['probes', ['--rounds', '3', '--seconds', '3', '--connections', '8']],
  ['startup', ['7']],
  ['identity-keystore', ['5']],
  ['ethstats-latency', ['50']],
  ['recovery', ['7']],
  ['devnet', ['3']],
];

const only = process.argv.slice(2);
for (const [name, args] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ${args.join(' ')}`);
  const result = await execa(process.execPath, [join(packageRoot(), 'dist', 'bench', `${name}.js`), ...args], { stdio: 'inherit', reject: false });
  if (result.exitCode !== 0) console.log(`=== ${name} exited ${result.exitCode}`);
}
