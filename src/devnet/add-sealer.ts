import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { addedSealerPlan, secretFiles } from './plan.js';
import { allocatePorts } from './ports.js';
import { existingDevnet } from './prepare.js';
import { startAgentProcess } from './process.js';

export interface AddSealerRun {
  readonly dir: string;
  readonly agentBin: string;
  readonly baseEnv: Record<string, string>;
  readonly print: (line: string) => void;
  readonly signal: AbortSignal;
}

/**
 * `geth-agent devnet --data DIR --add-sealer`: one more sealer next to the devnet running from
 * DIR, in this process until Ctrl-C (its data stays in DIR/sealer-N, so running the command again
 * adds yet another). It registers after the genesis: a candidate the devnet's genesis server
 * admits (GETH_AGENT_SIGNER_ADMISSION=auto there) and the signers vote in; then it seals.
 */
export async function runAddSealer(run: AddSealerRun): Promise<number> {
  const { dir, print } = run;
  const { plans } = await existingDevnet(dir);
  let index = plans.filter((p) => p.role === 'sealer').length + 1;
  while (existsSync(join(dir, `sealer-${index}`))) index++;
  const [agent, p2p, authrpc] = await allocatePorts(3);
  const plan = addedSealerPlan(plans, index, [agent as number, p2p as number, authrpc as number], dir);
  for (const [file, content] of Object.entries(plan.files)) await writeFileAtomic(file, Buffer.from(`${content}\n`), { mode: 0o600 });
  const genesisUrl = plan.env.GETH_AGENT_GENESIS_URL ?? '';
  print(`devnet: adding ${plan.name} (agent http://127.0.0.1:${agent}/status, log ${plan.log}); it registers as a candidate and seals once the signers voted it in`);
  print(`devnet: watch it with GETH_AGENT_GENESIS_URL=${genesisUrl} GETH_AGENT_OPERATOR_SECRET_FILE=${secretFiles(dir).operator} geth-agent signers list`);
  const process = startAgentProcess({ plan, agentBin: run.agentBin, baseEnv: run.baseEnv, print });
  const stopped = new Promise<void>((resolve) => run.signal.addEventListener('abort', () => resolve(), { once: true }));
  const first = await Promise.race([process.exited.then((code) => ({ code })), stopped.then(() => undefined)]);
  if (first !== undefined) {
    print(`[${plan.name}] agent exited with ${first.code}; see ${plan.log}`);
    return first.code ?? 1;
  }
  print(`devnet: stopping ${plan.name}`);
  await process.stop(40_000);
  return 0;
}
