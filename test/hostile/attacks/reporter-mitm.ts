import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocketServer } from 'ws';

/**
 * A man in the middle on an ethstats target: a WebSocket server at `/api` that answers every
 * `hello` with `ready` and records what reached it, raw bytes included.
 */
export interface MitmServer {
  readonly port: number;
  /** TCP connections accepted (every dial attempt, TLS or not). */
  connections(): number;
  /** TLS handshakes the dialer completed (trusted this server's certificate); 0 for a plain server. */
  handshakes(): number;
  /** TLS handshakes the dialer aborted (did not trust the certificate). */
  handshakeFailures(): number;
  /** `hello` frames received: each one holds the reporter's secret. */
  hellos(): number;
  /** Every byte received on any connection, before TLS (at most 4 MiB kept). */
  raw(): Buffer;
  close(): Promise<void>;
}

const rawCap = 4 * 1024 * 1024;

function instrument(server: Server): Omit<MitmServer, 'port' | 'close' | 'handshakes' | 'handshakeFailures'> & { sockets: Set<Socket> } {
  let connections = 0;
  let hellos = 0;
  let kept = 0;
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      if (kept >= rawCap) return;
      chunks.push(chunk);
      kept += chunk.length;
    });
  });
  const wss = new WebSocketServer({ server, path: '/api' });
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      if (!data.toString().startsWith('{"emit":["hello"')) return;
      hellos += 1;
      ws.send('{"emit":["ready"]}');
    });
  });
  return { sockets, connections: () => connections, hellos: () => hellos, raw: () => Buffer.concat(chunks) };
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

const closer = (server: Server, sockets: Set<Socket>) => (): Promise<void> =>
  new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });

/** A plain (no TLS) WebSocket server: what a downgrade to ws:// would talk to. */
export async function startPlainMitm(port = 0): Promise<MitmServer> {
  const server = createHttpServer();
  const seen = instrument(server);
  return { ...seen, port: await listen(server, port), handshakes: () => 0, handshakeFailures: () => 0, close: closer(server, seen.sockets) };
}

/** A TLS WebSocket server with a self-signed certificate for 127.0.0.1 (valid name, untrusted issuer). */
export async function startTlsMitm(dir: string, port = 0): Promise<MitmServer> {
  const { key, cert } = await selfSignedCertificate(dir);
  const server = createHttpsServer({ key, cert });
  let handshakes = 0;
  let failures = 0;
  server.on('secureConnection', () => (handshakes += 1));
  server.on('tlsClientError', () => (failures += 1));
  const seen = instrument(server as unknown as Server);
  return {
    ...seen,
    port: await listen(server as unknown as Server, port),
    handshakes: () => handshakes,
    handshakeFailures: () => failures,
    close: closer(server as unknown as Server, seen.sockets),
  };
}

/** A fresh P-256 key and a self-signed certificate for IP 127.0.0.1 (openssl), written under `dir`. */
export async function selfSignedCertificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyFile = join(dir, 'mitm-key.pem');
  const certFile = join(dir, 'mitm-cert.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ]);
  return { key: await readFile(keyFile), cert: await readFile(certFile) };
}
