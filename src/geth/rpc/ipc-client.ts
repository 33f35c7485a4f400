import { createConnection, type Socket } from 'node:net';
import type { Logger } from '../../log.js';

/** A JSON-RPC error reply from geth, or a transport failure/timeout. */
export class RpcError extends Error {
  readonly code: number | undefined;
  constructor(message: string, options: { code?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RpcError';
    this.code = options.code;
  }
}

export interface IpcClient {
  /** One call; rejects with RpcError on an error reply, a closed socket or after the timeout. */
  call<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
  /** eth_subscribe; `onEvent` gets each notification's result. Resolves with an unsubscribe. */
  subscribe(kind: 'newHeads', onEvent: (result: unknown) => void): Promise<() => Promise<void>>;
  readonly closed: Promise<void>;
  close(): void;
}

export interface IpcClientOptions {
  readonly path: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Largest reply accepted; a bigger one closes the connection (default 64 MiB). */
  readonly maxBuffer?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Connects to geth's IPC socket; rejects if the socket is not there or does not accept. */
export function connectIpc(options: IpcClientOptions): Promise<IpcClient> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(options.path);
    const onError = (error: Error): void => reject(new RpcError(`cannot connect to ${options.path}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error }));
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(wrap(socket, options));
    });
  });
}

function wrap(socket: Socket, options: IpcClientOptions): IpcClient {
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<string, (result: unknown) => void>();
  let nextId = 1;
  let buffer = '';
  let isClosed = false;
  const { promise: closed, resolve: markClosed } = Promise.withResolvers<void>();

  const fail = (reason: string): void => {
    if (isClosed) return;
    isClosed = true;
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new RpcError(reason));
      pending.delete(id);
    }
    subscriptions.clear();
    socket.destroy();
    markClosed();
  };

  const onMessage = (message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown }; method?: unknown; params?: { subscription?: unknown; result?: unknown } };
    if (m.method === 'eth_subscription' && typeof m.params?.subscription === 'string') {
      subscriptions.get(m.params.subscription)?.(m.params.result);
      return;
    }
    const entry = typeof m.id === 'number' ? pending.get(m.id) : undefined;
    if (entry === undefined) return;
    pending.delete(m.id as number);
    clearTimeout(entry.timer);
    // `"error": null` is no error (reading its code threw, and the call was never settled).
    if (m.error !== undefined && m.error !== null) {
      const code = typeof m.error.code === 'number' ? m.error.code : undefined;
      entry.reject(new RpcError(typeof m.error.message === 'string' ? m.error.message.slice(0, 500) : 'JSON-RPC error', { code }));
    } else entry.resolve(m.result);
  };

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > maxBuffer) return fail(`reply larger than ${maxBuffer} bytes`);
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (text.trim() === '') continue;
      try {
        onMessage(JSON.parse(text));
      } catch {
        options.logger.warn({ length: text.length }, 'unparsable IPC reply from geth ignored');
      }
    }
  });
  socket.on('error', (error) => fail(`IPC connection failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
  socket.on('close', () => fail('IPC connection closed'));

  const call = <T>(method: string, params: readonly unknown[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (isClosed) return reject(new RpcError('IPC connection closed'));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new RpcError(`${method} timed out after ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      socket.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });

  const subscribe = async (kind: 'newHeads', onEvent: (result: unknown) => void): Promise<() => Promise<void>> => {
    const id = await call<string>('eth_subscribe', [kind]);
    subscriptions.set(id, onEvent);
    return async () => {
      subscriptions.delete(id);
      if (!isClosed) await call('eth_unsubscribe', [id]).catch(() => undefined);
    };
  };

  return { call, subscribe, closed, close: () => fail('IPC client closed') };
}
