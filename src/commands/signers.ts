import { parseArgs } from 'node:util';
import { loadVars } from '../config/load.js';
import { parseAddress } from '../config/kinds.js';
import { AgentError, ConfigError, RefusedDataError, UnavailableError, UsageError, describeError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { genesisServerBase } from '../identity/server-base.js';
import { createSignerServerClient, replyError, type ServerReply } from '../signers/server-client.js';
import { renderMembership } from '../signers/render.js';
import type { Command } from './types.js';

const USAGE = 'geth-agent signers list [--json] | approve ADDRESS | remove ADDRESS';

/** What an answer of the genesis server means for the command's exit code. */
function failure(reply: ServerReply, url: string): AgentError | undefined {
  if (reply.status === 200 || reply.status === 201) return undefined;
  const message = replyError(reply);
  if (reply.status === 401) return new ConfigError([`the genesis server ${url} refused GETH_AGENT_OPERATOR_SECRET: ${message}`]);
  if (reply.status === 404 || reply.status === 409 || reply.status === 400) return new RefusedDataError(message);
  if (reply.status === 503 || reply.status >= 500) return new UnavailableError(`${url}: ${message}`);
  return new AgentError(`${url} answered HTTP ${reply.status}: ${message}`, ExitCode.internal);
}

export const signersCommand: Command = {
  name: 'signers',
  summary: 'The signer set at the genesis server: list it (candidates, changes, votes), approve a candidate, remove a signer (needs GETH_AGENT_GENESIS_URL and GETH_AGENT_OPERATOR_SECRET).',
  usage: USAGE,
  run: async (ctx) => {
    let parsed;
    try {
      parsed = parseArgs({ args: [...ctx.args], options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError(`signers: ${describeError(error)}`);
    }
    const [action, target, ...extra] = parsed.positionals;
    if (action === undefined || extra.length > 0) throw new UsageError(`usage: ${USAGE}`);
    if (action !== 'list' && action !== 'approve' && action !== 'remove') throw new UsageError(`signers: unknown action ${JSON.stringify(action)}; usage: ${USAGE}`);
    if (action === 'list' && target !== undefined) throw new UsageError('signers list takes no address');
    let address: string | undefined;
    if (action !== 'list') {
      const checked = target === undefined ? undefined : parseAddress(target);
      if (checked === undefined || !checked.ok) throw new UsageError(`signers ${action}: expected a 0x address (got ${JSON.stringify((target ?? '').slice(0, 60))})`);
      address = checked.value;
    }
    const vars = loadVars(ctx.env, ['genesisUrl', 'operatorSecret', 'genesisFetchTimeoutSeconds']);
    const missing = [vars.genesisUrl === undefined ? 'GETH_AGENT_GENESIS_URL is required: the genesis server to talk to' : '', vars.operatorSecret === undefined ? 'GETH_AGENT_OPERATOR_SECRET (or _FILE) is required: the operator secret of that server' : ''].filter((p) => p !== '');
    if (missing.length > 0) throw new ConfigError(missing);
    const url = genesisServerBase(vars.genesisUrl as string);
    const client = createSignerServerClient({ baseUrl: url, secret: vars.operatorSecret as string, timeoutMs: vars.genesisFetchTimeoutSeconds * 1000 });
    let reply: ServerReply;
    try {
      reply = address === undefined ? await client.changes() : await client.act(action as 'approve' | 'remove', address);
    } catch (error) {
      throw new UnavailableError(`cannot reach the genesis server ${url}: ${describeError(error)}`, { cause: error });
    }
    const refused = failure(reply, url);
    if (refused !== undefined) throw refused;
    if (address === undefined) {
      ctx.stdout(parsed.values.json === true ? `${JSON.stringify(reply.body, null, 2)}\n` : renderMembership(reply.body));
    } else {
      const result = (reply.body as { result?: unknown } | undefined)?.result;
      ctx.stdout(`${typeof result === 'string' ? result : `${action}: HTTP ${reply.status}`}\n`);
    }
    return ExitCode.ok;
  },
};
