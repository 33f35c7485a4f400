import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { createLineSplitter, type OnLine } from './line-splitter.js';
import { openOutputChannel, type OutputChannel } from './output-channel.js';

/** One of the child's output streams, read line by line with lines cut at `maxLine` bytes. */
export interface OutputStream {
  /** What execa gets for this stream: the channel's socket, or 'pipe' where none could be opened. */
  readonly stdio: Socket | 'pipe';
  /** Reads the child's stream when it is a pipe (call right after spawning). */
  attach(stream: Readable | null): void;
  /** Once the child exited: resolves when every line was handed over. */
  finish(): Promise<void>;
}

/**
 * The agent's end of one output stream of geth: an OutputChannel (one fixed read buffer), or,
 * where none can be opened (no abstract Unix sockets), a pipe read with the same line splitter.
 */
export async function openOutputStream(maxLine: number, onLine: OnLine): Promise<OutputStream> {
  const lines = createLineSplitter(maxLine, onLine);
  let channel: OutputChannel | undefined;
  try {
    channel = await openOutputChannel((bytes) => lines.push(bytes));
  } catch {
    channel = undefined;
  }
  if (channel !== undefined) {
    const open = channel;
    return {
      stdio: open.childEnd,
      attach: () => undefined,
      finish: async () => {
        open.close();
        await open.ended;
        lines.end();
      },
    };
  }
  let ended: Promise<void> = Promise.resolve();
  return {
    stdio: 'pipe',
    attach(stream) {
      if (stream === null) return;
      stream.on('data', (chunk: Uint8Array) => lines.push(chunk));
      ended = new Promise((resolve) => stream.once('close', () => resolve()));
    },
    finish: async () => {
      await ended;
      lines.end();
    },
  };
}
