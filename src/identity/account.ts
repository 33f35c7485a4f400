import { AgentError, RefusedDataError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Logger } from '../log.js';
import type { AgentPaths } from '../paths.js';
import type { ConfiguredKey } from './account-key.js';
import { checkPrivate, ensurePrivateDir, writePrivateFile } from './files.js';
import { decryptKeystore, scanKeystore, writeKeystore, type KdfOptions, type KeystoreEntry } from './keystore.js';
import { proofMatches, readProof, writeProof } from './keystore-proof.js';
import { resolvePassword, type ResolvedPassword } from './password.js';

export interface AccountOptions {
  readonly paths: AgentPaths;
  readonly configuredKey: ConfiguredKey | undefined;
  readonly configuredPassword: string | undefined;
  readonly logger: Logger;
  readonly kdf?: KdfOptions | undefined;
  readonly now?: (() => number) | undefined;
}

export interface Account {
  readonly address: string;
  readonly keystoreFile: string;
  readonly passwordFile: string;
  readonly signer: { signMessage(msg: string): Promise<string> };
}

/** What planAccount decided; `sign` holds the key (or the means to decrypt it) in a closure only. */
export interface AccountPlan {
  readonly address: string;
  readonly existing?: KeystoreEntry;
  readonly password: ResolvedPassword;
  readonly sign: Account['signer'];
  /** Encrypts and writes a new keystore (absent when the account exists already). */
  readonly create?: (dir: string, kdf: KdfOptions | undefined, now: Date) => Promise<{ file: string; json: string }>;
  /** The existing keystore was decrypted with this password now: record the proof (keystore-proof.ts). */
  readonly proved?: boolean;
  readonly keySource: string;
}

/** Signs with a key held only in this closure: nothing enumerable, nothing serializable. */
function closureSigner(privateKey: string): Account['signer'] {
  return Object.freeze({ signMessage: async (msg: string): Promise<string> => new (await wallets()).Wallet(privateKey).signMessage(msg) });
}

/**
 * Signs with the key of a keystore proven to decrypt with this password, decrypting it (scrypt in
 * a child process) only when a signature is first needed: most restarts sign nothing.
 */
function keystoreSigner(entry: KeystoreEntry, password: string): Account['signer'] {
  let key: Promise<string> | undefined;
  const decrypt = async (): Promise<string> => {
    const result = await decryptKeystore(entry.json, password);
    if (!result.ok) throw new RefusedDataError(`keystore file ${entry.file} no longer decrypts with its password (${result.detail})`);
    return result.privateKey;
  };
  return Object.freeze({
    signMessage: async (msg: string): Promise<string> => {
      key ??= decrypt();
      key.catch(() => {
        key = undefined;
      });
      return new (await wallets()).Wallet(await key).signMessage(msg);
    },
  });
}

/** Which keystore entry this node uses; refuses ambiguous or foreign keystores (exit 65). */
export function pickEntry(entries: readonly KeystoreEntry[], configured: ConfiguredKey | undefined, dir: string): KeystoreEntry | undefined {
  const foreign = configured === undefined ? [] : entries.filter((e) => e.address !== configured.address);
  if (foreign.length > 0 && configured !== undefined) {
    throw new RefusedDataError(
      `keystore ${dir} holds ${foreign.map((e) => e.address).join(', ')}, not the account ${configured.address} of ${configured.source}: refusing to overwrite it (a signer key lives on exactly one node)`,
    );
  }
  if (entries.length > 1) {
    throw new RefusedDataError(`keystore ${dir} holds ${entries.length} accounts (${entries.map((e) => e.address).join(', ')}): a node holds exactly one; move the others away`);
  }
  return entries[0];
}

function wrongPassword(password: ResolvedPassword, entry: KeystoreEntry, passwordFile: string): AgentError {
  return password.source === 'GETH_AGENT_PASSWORD'
    ? new AgentError(`GETH_AGENT_PASSWORD does not decrypt the keystore ${entry.file} (account ${entry.address})`, ExitCode.config)
    : new RefusedDataError(`the stored password ${passwordFile} does not decrypt the keystore ${entry.file} (account ${entry.address}): set GETH_AGENT_PASSWORD or restore the password file`);
}

/**
 * Decides the account without writing anything: the one in geth's keystore, or a new one from the
 * configured key or a random key. An existing keystore is decrypted (to verify the password) unless
 * a proof says this keystore and this password decrypted together before (geth decrypts it anyway
 * to unlock it). Refusals (foreign, ambiguous or corrupted keystore, wrong password) happen here.
 */
export async function planAccount(options: AccountOptions): Promise<AccountPlan> {
  const { paths, configuredKey, logger } = options;
  const now = options.now ?? Date.now;
  const entry = pickEntry(await scanKeystore(paths.keystoreDir), configuredKey, paths.keystoreDir);
  const password = await resolvePassword({ configured: options.configuredPassword, file: paths.password });
  if (entry !== undefined) {
    if (password.source === 'generated') {
      throw new RefusedDataError(`keystore ${entry.file} exists but its password file ${paths.password} does not: set GETH_AGENT_PASSWORD or restore the file`);
    }
    if (proofMatches(await readProof(paths.keystoreProof), entry.json, password.password)) {
      logger.debug({ file: entry.file }, 'keystore and password unchanged since they were verified: not decrypting (geth does, to unlock)');
      return { address: entry.address, existing: entry, password, sign: keystoreSigner(entry, password.password), keySource: 'keystore' };
    }
    const started = now();
    const result = await decryptKeystore(entry.json, password.password);
    logger.debug({ file: entry.file, ms: now() - started }, 'keystore decrypted');
    if (!result.ok && result.reason === 'password') throw wrongPassword(password, entry, paths.password);
    if (!result.ok) throw new RefusedDataError(`keystore file ${entry.file} is corrupted (${result.detail}): restore it from a backup`);
    return { address: entry.address, existing: entry, password, sign: closureSigner(result.privateKey), proved: true, keySource: 'keystore' };
  }
  // A generated key: only the key goes into the keystore (never the random wallet's mnemonic).
  const { privateKey, address } = configuredKey ?? (await wallets()).Wallet.createRandom();
  const create = (dir: string, kdf: KdfOptions | undefined, at: Date): Promise<{ file: string; json: string }> =>
    writeKeystore({ dir, address, privateKey, password: password.password, kdf, now: at });
  return { address, password, sign: closureSigner(privateKey), create, keySource: configuredKey?.source ?? 'generated' };
}

/**
 * Records that a keystore and its password decrypt together. Only saves a decryption on the next
 * start: a failure is a warning, never a reason to stop.
 */
async function recordProof(file: string, json: string, password: string, logger: Logger): Promise<void> {
  await writeProof(file, json, password).catch((error: unknown) => logger.warn({ err: error, file }, 'cannot record the keystore proof; the next start decrypts the keystore again'));
}

/** Writes what the plan needs (password file first, then the keystore and its proof) and checks modes. */
export async function applyAccount(plan: AccountPlan, options: AccountOptions): Promise<Account> {
  const { paths, logger } = options;
  const now = options.now ?? Date.now;
  await ensurePrivateDir(paths.agentDir, logger);
  await ensurePrivateDir(paths.keystoreDir, logger);
  if (plan.password.mustWrite) await writePrivateFile(paths.password, plan.password.password);
  await checkPrivate(paths.password, logger, 'file');
  if (plan.existing !== undefined) {
    await checkPrivate(plan.existing.file, logger, 'file');
    if (plan.proved === true) await recordProof(paths.keystoreProof, plan.existing.json, plan.password.password, logger);
    logger.info({ address: plan.address, keystore: plan.existing.file }, 'account found in keystore');
    return { address: plan.address, keystoreFile: plan.existing.file, passwordFile: paths.password, signer: plan.sign };
  }
  const started = now();
  const { file: keystoreFile, json } = await (plan.create as NonNullable<AccountPlan['create']>)(paths.keystoreDir, options.kdf, new Date(started));
  await recordProof(paths.keystoreProof, json, plan.password.password, logger);
  logger.info(
    { address: plan.address, keystore: keystoreFile, keySource: plan.keySource, passwordSource: plan.password.source, ms: now() - started },
    'account created in keystore (back up the keystore file and its password file)',
  );
  return { address: plan.address, keystoreFile, passwordFile: paths.password, signer: plan.sign };
}

/** ethers' wallets, loaded when a key is made or a message signed (most restarts do neither). */
const wallets = (): Promise<typeof import('../eth/wallets.js')> => import('../eth/wallets.js');
