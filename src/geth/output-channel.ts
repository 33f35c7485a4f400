import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';

/** Where a child's stdout or stderr goes: a socket the child writes to, read into one fixed buffer. */
export interface OutputChannel {
  /** The end the child gets as its stdout or stderr (the agent keeps a copy until the child exited). */
  readonly childEnd: Socket;
  /** Resolves once every byte the child wrote was handed to `onChunk` (after close()). */
  readonly ended: Promise<void>;
  /** Closes the agent's copy of the child's end: call once the child exited, so the reader sees the end. */
  close(): void;
}

const listen = (server: Server, path: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });

/**
 * A connected pair of Unix sockets whose reading end reuses one `bufferBytes` buffer for every
 * read (`onread`). Pipes from child_process allocate a new buffer per read and leave them to the
 * garbage collector, which frees external memory only every ~64 MB: a child flooding its output
 * grew the agent by that much even when every byte was dropped at once. `onChunk` gets a view of
 * the buffer, valid only during the call.
 *
 * The socket lives in the abstract namespace (Linux; nothing on disk), where anyone in the same
 * network namespace could connect: the accepted end must first echo a random token the agent
 * wrote from the reading end. Rejects where abstract sockets do not exist; the caller falls back
 * to pipes.
 */
export async function openOutputChannel(onChunk: (bytes: Buffer) => void, bufferBytes = 64 * 1024): Promise<OutputChannel> {
  const token = randomBytes(16);
  const path = `\0geth-agent-output-${process.pid}-${randomBytes(8).toString('hex')}`;
  const server = createServer({ pauseOnConnect: true });
  await listen(server, path);
  try {
    const accepted = new Promise<Socket>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the output socket was not connected within 5 s')), 5_000);
      server.on('connection', (socket) => {
        socket.on('error', () => socket.destroy());
        socket.once('data', (data: Buffer) => {
          if (!data.equals(token)) return void socket.destroy();
          clearTimeout(timer);
          socket.pause();
          resolve(socket);
        });
        socket.resume();
      });
    });
    const onread = {
      buffer: Buffer.alloc(bufferBytes),
      callback: (n: number, buffer: Uint8Array): boolean => {
        onChunk(Buffer.from(buffer.buffer, buffer.byteOffset, n));
        return true;
      },
    };
    const reader = connect({ path, onread });
    const ended = new Promise<void>((resolve) => {
      reader.once('close', () => resolve());
      // A reset is an end like any other: what was read is kept.
      reader.on('error', () => reader.destroy());
    });
    reader.write(token);
    const childEnd = await accepted.catch((error: unknown) => {
      reader.destroy();
      throw error;
    });
    return { childEnd, ended, close: () => childEnd.destroy() };
  } finally {
    server.close();
  }
}
