import type { IpcClient } from '../geth/rpc/ipc-client.js';
import type { Logger } from '../log.js';
import type { SignerMembership } from '../state/node-state.js';
import { includesAddress } from './policy.js';
import { signerReportMessage, type SignerReport } from './report.js';
import { replyError, type SignerServerClient } from './server-client.js';
import { decideVotes, type Membership, type ServerChange, type ServerView, type VoteDecision } from './vote.js';

/**
 * A sealer's part in the elastic signer set: every `intervalMs` it reads its chain over IPC
 * (clique_getSnapshot, clique_proposals, clique_status, eth_mining) and the approved changes from
 * the genesis server, decides (vote.ts), casts or discards its clique vote, starts or stops geth's
 * miner, publishes its membership into the node state, and reports what it saw to the server,
 * signed by its key through geth (eth_sign: the key never leaves geth). Needs only the IPC client,
 * a place to publish the membership and the genesis server's client.
 */
export interface SignerVoterOptions {
  /** This sealer's address. */
  readonly address: string;
  /** The chain id reports are signed for. */
  readonly network: number;
  /** The IPC client of the running geth; undefined while geth is down. */
  readonly rpc: () => IpcClient | undefined;
  /** The genesis server's signer routes with the network secret; undefined: no genesis server to follow. */
  readonly server: SignerServerClient | undefined;
  /** Publishes the membership (into the node state). */
  readonly publish: (membership: SignerMembership) => void;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly now?: () => number;
}

export interface SignerVoter {
  start(): void;
  /** Stops the loop and waits for a look in progress. */
  stop(): Promise<void>;
  /** One look now (the loop calls it; tests too). */
  tick(): Promise<VoteDecision | undefined>;
}

interface ChainLook {
  readonly block: number;
  readonly hash: string;
  readonly signers: string[];
  readonly votes: Array<{ signer: string; address: string; authorize: boolean }>;
  readonly proposals: Record<string, boolean>;
  readonly sealing: string[];
  readonly mining: boolean;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** geth's replies, checked: a reply of another shape is an error for this look, never a vote. */
function chainLook(snapshot: unknown, proposals: unknown, mining: unknown, status: unknown): ChainLook {
  if (!isObject(snapshot) || !Number.isSafeInteger(snapshot.number) || typeof snapshot.hash !== 'string' || !isObject(snapshot.signers)) throw new Error('malformed clique_getSnapshot reply');
  const signers = Object.keys(snapshot.signers).filter((a) => ADDRESS.test(a));
  const votes = (Array.isArray(snapshot.votes) ? snapshot.votes : []).filter(
    (v): v is { signer: string; address: string; authorize: boolean } => isObject(v) && typeof v.signer === 'string' && ADDRESS.test(v.signer) && typeof v.address === 'string' && ADDRESS.test(v.address) && typeof v.authorize === 'boolean',
  );
  if (!isObject(proposals) || !Object.entries(proposals).every(([a, v]) => ADDRESS.test(a) && typeof v === 'boolean')) throw new Error('malformed clique_proposals reply');
  if (typeof mining !== 'boolean') throw new Error('malformed eth_mining reply');
  const activity = isObject(status) && isObject(status.sealerActivity) ? status.sealerActivity : {};
  const sealing = Object.entries(activity).filter(([a, n]) => ADDRESS.test(a) && typeof n === 'number' && n > 0).map(([a]) => a);
  return {
    block: snapshot.number as number,
    hash: snapshot.hash,
    signers,
    votes: votes.map((v) => ({ signer: v.signer, address: v.address, authorize: v.authorize })),
    proposals: proposals as Record<string, boolean>,
    sealing,
    mining,
  };
}

/** The server's reply, checked; undefined for anything else. */
export function serverView(body: unknown, self: string): ServerView | undefined {
  if (!isObject(body) || !Array.isArray(body.changes)) return undefined;
  const changes: ServerChange[] = [];
  for (const c of body.changes) {
    if (!isObject(c) || !Number.isSafeInteger(c.id) || typeof c.address !== 'string' || !ADDRESS.test(c.address)) return undefined;
    if ((c.action !== 'add' && c.action !== 'remove') || (c.state !== 'pending' && c.state !== 'done' && c.state !== 'withdrawn')) return undefined;
    changes.push({ id: c.id as number, address: c.address, action: c.action, state: c.state, candidateLive: c.candidateLive === true });
  }
  const removed = Array.isArray(body.removed) && includesAddress(body.removed.filter((a): a is string => typeof a === 'string'), self);
  const rejected = Array.isArray(body.candidates) && body.candidates.some((c) => isObject(c) && typeof c.address === 'string' && c.address.toLowerCase() === self.toLowerCase() && c.state === 'rejected');
  return { changes, standing: rejected ? 'rejected' : removed ? 'removed' : undefined };
}

export function createSignerVoter(options: SignerVoterOptions): SignerVoter {
  const { logger, address } = options;
  const now = options.now ?? Date.now;
  let previous: Membership | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let serverFailing = false;
  let lastHeld: string | undefined;
  // The geth (IPC client) whose miner this voter stopped. Only that miner is started again here:
  // geth starts its own (--mine) once it has unlocked the account, and a miner started before the
  // unlock fails its first seal and waits for the next head, which then never comes.
  let stoppedMinerOf: IpcClient | undefined;

  const readServer = async (): Promise<ServerView | undefined> => {
    if (options.server === undefined) return undefined;
    try {
      const reply = await options.server.changes();
      const view = reply.status === 200 ? serverView(reply.body, address) : undefined;
      if (view === undefined) throw new Error(reply.status === 200 ? 'unexpected reply body' : replyError(reply));
      if (serverFailing) logger.info('signer changes readable again from the genesis server');
      serverFailing = false;
      return view;
    } catch (error) {
      if (!serverFailing) logger.warn({ err: error }, 'cannot read the signer changes from the genesis server; votes wait (the membership is judged from the chain alone)');
      serverFailing = true;
      return undefined;
    }
  };

  const act = async (rpc: IpcClient, decision: VoteDecision, look: ChainLook): Promise<{ proposals: Record<string, boolean>; mining: boolean }> => {
    const proposals = { ...look.proposals };
    let mining = look.mining;
    for (const target of decision.discard) {
      await rpc.call('clique_discard', [target]);
      delete proposals[target];
      logger.info({ address: target }, 'clique proposal discarded (in effect, withdrawn, or not the change voted on now)');
    }
    if (decision.propose !== undefined) {
      await rpc.call('clique_propose', [decision.propose.address, decision.propose.authorize]);
      proposals[decision.propose.address] = decision.propose.authorize;
      logger.info({ change: decision.active?.id, address: decision.propose.address, authorize: decision.propose.authorize, block: look.block }, 'clique vote cast (clique_propose)');
    }
    if (decision.miner === 'start' && stoppedMinerOf === rpc) {
      await rpc.call('miner_start', []);
      stoppedMinerOf = undefined;
      mining = true;
      logger.info({ block: look.block }, 'this sealer is an authorized signer: sealing started');
    } else if (decision.miner === 'stop') {
      await rpc.call('miner_stop', []);
      stoppedMinerOf = rpc;
      mining = false;
      const log = decision.membership === 'removed' ? logger.warn.bind(logger) : logger.info.bind(logger);
      log({ membership: decision.membership, block: look.block }, `not sealing: ${decision.reason}`);
    }
    return { proposals, mining };
  };

  const report = async (rpc: IpcClient, look: ChainLook, proposals: Record<string, boolean>, mining: boolean): Promise<void> => {
    if (options.server === undefined) return;
    const body: SignerReport = {
      address, network: options.network, timestamp: now(), block: look.block, hash: look.hash,
      signers: look.signers, sealing: look.sealing, votes: look.votes, proposals, mining,
    };
    const json = JSON.stringify(body);
    const signature = await rpc.call<string>('eth_sign', [address, `0x${Buffer.from(signerReportMessage(json), 'utf8').toString('hex')}`]);
    const reply = await options.server.report(json, signature);
    if (reply.status !== 200) logger.debug({ status: reply.status, error: replyError(reply) }, 'signer report not accepted');
  };

  const tick = async (): Promise<VoteDecision | undefined> => {
    const rpc = options.rpc();
    if (rpc === undefined) return undefined;
    let look: ChainLook;
    try {
      const [snapshot, proposals, mining, status] = await Promise.all([
        rpc.call('clique_getSnapshot', ['latest']),
        rpc.call('clique_proposals', []),
        rpc.call('eth_mining', []),
        rpc.call('clique_status', []).catch(() => undefined),
      ]);
      look = chainLook(snapshot, proposals, mining, status);
    } catch (error) {
      logger.debug({ err: error }, 'cannot read the clique state; trying again at the next look');
      return undefined;
    }
    const server = await readServer();
    const decision = decideVotes({ self: address, signers: look.signers, proposals: look.proposals, sealing: look.sealing, mining: look.mining, server, previous });
    if (decision.membership !== previous) {
      logger.info({ membership: decision.membership, block: look.block, signers: look.signers.length }, `signer set: ${decision.reason}`);
    }
    previous = decision.membership;
    if (decision.held !== lastHeld && decision.held !== undefined) logger.warn({ change: decision.active?.id, reason: decision.held }, 'not voting for the signer change now: a rail holds it on this chain');
    lastHeld = decision.held;
    let proposals = look.proposals;
    let mining = look.mining;
    try {
      ({ proposals, mining } = await act(rpc, decision, look));
    } catch (error) {
      logger.warn({ err: error }, 'cannot apply the signer-set decision over IPC; trying again at the next look');
    }
    const active = decision.active;
    options.publish({
      state: decision.membership,
      reason: decision.reason,
      at: now(),
      ...(active === undefined ? {} : { change: { id: active.id, action: active.action, address: active.address, voting: Object.entries(proposals).some(([a, v]) => a.toLowerCase() === active.address.toLowerCase() && v === (active.action === 'add')) } }),
      ...(decision.held === undefined ? {} : { held: decision.held }),
    });
    await report(rpc, look, proposals, mining).catch((error: unknown) => logger.debug({ err: error }, 'cannot report to the genesis server'));
    return decision;
  };

  const loop = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().catch((error: unknown) => logger.warn({ err: error }, 'signer-set look failed')).finally(loop);
    }, options.intervalMs);
  };

  return {
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    tick,
  };
}
