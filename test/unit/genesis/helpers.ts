import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Wallet } from 'ethers';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../../src/http/app.js';
import { genesisServerRoutes } from '../../../src/genesis/routes/index.js';
import { createBootnodeDirectory } from '../../../src/genesis/server/bootnodes.js';
import { createChallengeStore } from '../../../src/genesis/server/challenges.js';
import { publicationRules } from '../../../src/genesis/server/publication-check.js';
import { signBootnodePublication, type BootnodePublication } from '../../../src/directory/publication.js';
import { createGenesisService, type GenesisService, type SignerMode } from '../../../src/genesis/server/service.js';
import { signerRegistrationMessage } from '../../../src/genesis/registration-message.js';
import { captureLogger } from '../../helpers/log-capture.js';
import { tempDir } from '../../helpers/tmp.js';

export const SECRET = 'network-secret-for-tests';
export const auth = { authorization: `Bearer ${SECRET}` };
export const baseSpec = { chainId: 4242, period: 1, epoch: 30000, gasLimit: 30_000_000, defaultBalance: '1000000000000000000' };

export interface GenesisServerFixture {
  readonly app: FastifyInstance;
  /** Limit labels counted by the routes, in order. */
  readonly refusals: string[];
  readonly service: GenesisService;
  readonly dir: string;
  readonly genesisPath: string;
  readonly log: ReturnType<typeof captureLogger>;
  readonly clock: { now: number };
}

/** A genesis-role app (real service on a temp dir) for app.inject(); closed after the test. */
export async function genesisServer(
  t: TestContext,
  mode: SignerMode,
  options: { dir?: string; challengeTtlMs?: number; bootTtlMs?: number; bootCap?: number; usedCap?: number; listenHost?: string; netrestrict?: string[] } = {},
): Promise<GenesisServerFixture> {
  const dir = options.dir ?? (await tempDir(t));
  const genesisPath = join(dir, 'agent', 'genesis.json');
  const log = captureLogger();
  const clock = { now: 1_000_000 };
  const service = createGenesisService({ genesisPath, mode, spec: baseSpec, logger: log.logger });
  await service.init();
  const app = createHttpApp({
    logger: log.logger,
    role: 'genesis',
    checks: { genesis: () => ({ ok: service.snapshot().document !== undefined }) },
  });
  const refusals: string[] = [];
  await app.register(genesisServerRoutes, {
    service,
    challenges: createChallengeStore({ ttlMs: options.challengeTtlMs ?? 300_000, now: () => clock.now, usedCap: options.usedCap ?? 8 }),
    bootnodes: createBootnodeDirectory({ ttlMs: options.bootTtlMs ?? 60_000, now: () => clock.now, cap: options.bootCap ?? 256 }),
    networkSecret: SECRET,
    publication: publicationRules(
      { networkId: baseSpec.chainId, listen: { host: options.listenHost ?? '127.0.0.1', port: 8080 }, netrestrict: options.netrestrict, bootnodeSignatureWindowSeconds: 120 },
      () => clock.now,
    ),
    refused: (limit) => refusals.push(limit),
  });
  await app.ready();
  t.after(async () => {
    await app.close();
    await service.close();
  });
  return { app, refusals, service, dir, genesisPath, log, clock };
}

/** Fetches a challenge and signs the registration message with `wallet`. */
export async function signedRegistration(app: FastifyInstance, wallet: Wallet, address = wallet.address): Promise<{ address: string; challenge: string; signature: string }> {
  const res = await app.inject({ method: 'GET', url: '/signers/challenge', headers: auth });
  const { challenge } = res.json<{ challenge: string }>();
  const signature = await wallet.signMessage(signerRegistrationMessage(challenge, address));
  return { address, challenge, signature };
}

/** A publication of `enode` signed with `wallet`'s key (the node key), at the fixture's clock by default. */
export async function signedPublication(wallet: Wallet, host: string, options: { port?: number; network?: number; at?: number; id?: string } = {}): Promise<BootnodePublication> {
  const id = options.id ?? wallet.signingKey.publicKey.slice(4);
  const enode = `enode://${id}@${host.includes(':') ? `[${host}]` : host}:0?discport=${options.port ?? 30301}`;
  return signBootnodePublication(wallet.privateKey, { enode, network: options.network ?? baseSpec.chainId, timestamp: Math.floor((options.at ?? 1_000_000) / 1000) });
}
