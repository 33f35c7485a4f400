import type { TestContext } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { verifyMessage } from 'ethers';
import { signerRegistrationMessage } from '../../src/genesis/registration-message.js';

export interface FakeServer {
  base: string;
  calls: string[];
  registered: Set<string>;
}

export type Script = (step: 'challenge' | 'register', call: number) => number | undefined;

export interface FakeServerOptions {
  needed?: number;
  sealedWith?: string[];
  script?: Script;
  /** Served as-is (no auth, like the real server) at `GET <base>/genesis.json`; `GET <base>/bootnodes` lists none. */
  genesis?: Uint8Array;
}

/** A small genesis-server stand-in on 127.0.0.1:0: the challenge/register API with real signature checks. */
export async function startFakeGenesisServer(t: TestContext, secret: string, options: FakeServerOptions = {}): Promise<FakeServer> {
  const challenges = new Set<string>();
  const registered = new Set<string>();
  const calls: string[] = [];
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    calls.push(`${req.method} ${req.url}`);
    if (options.genesis !== undefined && req.method === 'GET' && req.url === '/net/genesis.json') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(options.genesis);
    }
    if (options.genesis !== undefined && req.method === 'GET' && req.url === '/net/bootnodes') return send(res, 200, { bootnodes: [] });
    const step = req.url === '/net/signers/challenge' ? 'challenge' : 'register';
    const forced = options.script?.(step, calls.length);
    if (forced !== undefined) return send(res, forced, { error: `forced ${forced}` });
    if (req.headers.authorization !== `Bearer ${secret}`) return send(res, 401, { error: 'unauthorized' });
    if (req.method === 'GET' && step === 'challenge') {
      const challenge = `0x${randomBytes(32).toString('hex')}`;
      challenges.add(challenge);
      return send(res, 200, { challenge, expiresInSeconds: 60 });
    }
    if (req.method === 'POST' && req.url === '/net/signers') {
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      const body = JSON.parse(raw) as { address: string; challenge: string; signature: string };
      if (!challenges.delete(body.challenge)) return send(res, 403, { error: 'unknown challenge' });
      if (verifyMessage(signerRegistrationMessage(body.challenge, body.address), body.signature) !== body.address) return send(res, 403, { error: 'bad signature' });
      if (options.sealedWith && !options.sealedWith.includes(body.address)) return send(res, 409, { error: 'sealed' });
      registered.add(body.address);
      return send(res, 201, { address: body.address, registered: registered.size, needed: options.needed ?? 3, sealed: false });
    }
    return send(res, 404, { error: 'not found' });
  };
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/net`, calls, registered };
}

