import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** Binds TCP `port` on 127.0.0.1 (0: any) and releases it; the port bound, or undefined when taken. */
function tcpBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : undefined));
    });
  });
}

/** Whether UDP `port` can be bound on 127.0.0.1 right now. */
function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** One loopback port free for both TCP and UDP right now (geth's p2p uses both). */
async function onePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await tcpBind(0);
    if (port !== undefined && (await udpFree(port))) return port;
  }
  throw new Error('no free loopback port found');
}

/** `n` distinct loopback ports, free for TCP and UDP when allocated (use them at once). */
export async function allocatePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await onePort());
  return [...ports];
}

/** Whether `port` can be bound on 127.0.0.1 right now (TCP, and UDP too when `udp`). */
export async function portFree(port: number, udp: boolean): Promise<boolean> {
  if ((await tcpBind(port)) === undefined) return false;
  return !udp || udpFree(port);
}
