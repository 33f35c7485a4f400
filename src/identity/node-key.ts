import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RefusedDataError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AgentPaths } from '../paths.js';
import { checkPrivate, ensurePrivateDir, readIfExists, writePrivateFile } from './files.js';
import { normalizePrivateKey } from '../eth/private-key.js';
import { nodeIdFromKey } from './keys.js';

export interface NodeKeyOptions {
  readonly paths: AgentPaths;
  /** GETH_AGENT_NODE_KEY, normalized (0x + 64 hex). */
  readonly configured?: string | undefined;
  readonly logger: Logger;
}

export interface NodeKey {
  readonly file: string;
  readonly nodeId: string;
}

/** geth's own format: exactly 64 hex characters, optionally followed by whitespace; no 0x. */
export function parseNodeKeyFile(content: string): string | undefined {
  if (!/^[0-9a-fA-F]{64}\s*$/.test(content)) return undefined;
  return normalizePrivateKey(content.trim());
}

function randomKey(): string {
  for (;;) {
    const key = normalizePrivateKey(randomBytes(32).toString('hex'));
    if (key !== undefined) return key;
  }
}

export interface NodeKeyPlan extends NodeKey {
  readonly key: string;
  /** Where a new key comes from; undefined when the file exists already. */
  readonly create?: 'GETH_AGENT_NODE_KEY' | 'adopted from geth/nodekey' | 'generated';
}

/**
 * Decides the node key without writing: the existing `<datadir>/agent/nodekey`, else
 * GETH_AGENT_NODE_KEY, else geth's own `<datadir>/geth/nodekey` (keeps the enode of a datadir geth
 * ran in before), else a new random key. An existing file is never overwritten: a malformed one,
 * or one holding another key than GETH_AGENT_NODE_KEY, is refused (exit 65).
 */
export async function planNodeKey(options: Omit<NodeKeyOptions, 'logger'>): Promise<NodeKeyPlan> {
  const { paths, configured } = options;
  const file = paths.nodeKey;
  const existing = await readIfExists(file);
  if (existing !== undefined) {
    const key = parseNodeKeyFile(existing);
    if (key === undefined) {
      throw new RefusedDataError(`node key file ${file} is not a valid node key (64 hex characters, no 0x): fix or remove it (removing it changes the enode)`);
    }
    if (configured !== undefined && configured !== key) {
      throw new RefusedDataError(
        `node key file ${file} holds another key than GETH_AGENT_NODE_KEY: refusing to overwrite it (remove the file to adopt the configured key; the enode changes)`,
      );
    }
    return { file, key, nodeId: nodeIdFromKey(key) };
  }
  if (configured !== undefined) return { file, key: configured, nodeId: nodeIdFromKey(configured), create: 'GETH_AGENT_NODE_KEY' };
  const gethKey = await readIfExists(join(paths.chainDir, 'nodekey'));
  const adopted = gethKey === undefined ? undefined : parseNodeKeyFile(gethKey);
  if (adopted !== undefined) return { file, key: adopted, nodeId: nodeIdFromKey(adopted), create: 'adopted from geth/nodekey' };
  const key = randomKey();
  return { file, key, nodeId: nodeIdFromKey(key), create: 'generated' };
}

/** Writes a planned new node key (0600 in the 0700 agent folder) or checks the existing file's mode. */
export async function applyNodeKey(plan: NodeKeyPlan, paths: AgentPaths, logger: Logger): Promise<NodeKey> {
  await ensurePrivateDir(paths.agentDir, logger);
  if (plan.create !== undefined) {
    await writePrivateFile(plan.file, plan.key.slice(2));
    logger.info({ file: plan.file, nodeId: plan.nodeId, source: plan.create }, 'node key created');
  } else {
    await checkPrivate(plan.file, logger, 'file');
  }
  return { file: plan.file, nodeId: plan.nodeId };
}

/**
 * The node key (0x + 64 hex) from its file, for signing boot-node publications. Refuses (65) a
 * missing or malformed file without echoing its content.
 */
export async function readNodeKey(file: string): Promise<string> {
  const content = await readIfExists(file);
  const key = content === undefined ? undefined : parseNodeKeyFile(content);
  if (key === undefined) throw new RefusedDataError(`node key file ${file} is missing or not a valid node key (64 hex characters, no 0x)`);
  return key;
}

/** Plans and applies in one step (the `enode` command). */
export async function ensureNodeKey(options: NodeKeyOptions): Promise<NodeKey> {
  return applyNodeKey(await planNodeKey(options), options.paths, options.logger);
}
