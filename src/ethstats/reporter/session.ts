import WebSocket from 'ws';
import { encodeClient } from '../protocol/encode.js';
import { decodeServer } from '../protocol/decode-server.js';
import type { ClientMessage, ServerMessage } from '../protocol/types.js';
import type { SessionContext } from './context.js';
import { createSerialQueue } from './serial.js';
import { createReports } from './reports.js';

export interface SessionEnd {
  readonly loggedIn: boolean;
  readonly reason: string;
}

/**
 * One session on an open socket: hello, wait for `ready` (bounded), then report until the socket
 * breaks, the server stops answering pings, or `ws` is closed by the owner. Never throws.
 */
export function runSession(ctx: SessionContext): Promise<SessionEnd> {
  const { ws, timings, logger } = ctx;
  const cleanups: Array<() => void> = [];
  let loggedIn = false;
  let done = false;
  const { promise: ended, resolve: resolveEnd } = Promise.withResolvers<SessionEnd>();

  const finish = (reason: string): void => {
    if (done) return;
    done = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    resolveEnd({ loggedIn, reason });
  };

  const send = (message: ClientMessage): void => {
    if (done || ws.readyState !== WebSocket.OPEN) throw new Error('session closed');
    if (ws.bufferedAmount > timings.maxBufferedBytes) {
      finish('server is not reading (send buffer full)');
      throw new Error('session closed');
    }
    ws.send(encodeClient(message));
  };

  const queue = createSerialQueue((err) => logger.debug({ err }, 'ethstats report skipped'));
  const reports = createReports({ ...ctx, send, queue, isDone: () => done, finish, addCleanup: (fn) => cleanups.push(fn) });

  const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
    const decoded = decodeServer(isBinary ? '' : data.toString());
    if (!decoded.ok) {
      if (!loggedIn) return finish(`unauthorized: ${decoded.error}`);
      logger.warn({ reason: decoded.error }, 'ignoring malformed ethstats server frame');
      return;
    }
    try {
      handle(decoded.message);
    } catch (err) {
      logger.debug({ err }, 'ethstats frame not handled');
    }
  };

  const handle = (message: ServerMessage): void => {
    if (message.type === 'primus-ping') return send({ type: 'primus-pong', stamp: message.stamp });
    if (message.type === 'primus-close') return finish('server closed the session (primus::server::close)');
    if (!loggedIn) {
      if (message.type !== 'ready') return finish(`unauthorized (server answered ${message.type})`);
      loggedIn = true;
      clearTimeout(loginTimer);
      ctx.onLogin?.();
      reports.start();
      return;
    }
    if (message.type === 'node-pong') reports.pong();
    else if (message.type === 'history-request') reports.history(message.list);
    else if (message.type === 'unknown') logger.debug({ event: message.event }, 'unknown ethstats server event');
  };

  ws.on('message', onMessage);
  ws.on('close', (code, reason) => finish(`socket closed (${code}${reason.length > 0 ? ` ${reason.toString().slice(0, 80)}` : ''})`));
  ws.on('error', (err) => finish(`socket error: ${err.message}`));
  const loginTimer = setTimeout(() => finish(`no ready within ${timings.loginTimeoutMs} ms (login timeout)`), timings.loginTimeoutMs);
  cleanups.push(() => clearTimeout(loginTimer));
  try {
    send({ type: 'hello', id: ctx.id, info: ctx.info, secret: ctx.secret });
  } catch {
    finish('socket closed before hello');
  }
  return ended;
}
