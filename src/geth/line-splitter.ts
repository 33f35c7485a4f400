/** One line of a child's output; `cut` when it was longer than the limit (the rest was dropped). */
export type OnLine = (line: string, cut: boolean) => void;

export interface LineSplitter {
  /** Feeds the next chunk of output; complete lines are handed to `onLine` at once. */
  push(chunk: Uint8Array): void;
  /** The output ended: a last line without a newline is handed over too. */
  end(): void;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines while reading it, holding at most `maxBytes` of one line: a line
 * that reaches the limit is handed over then (cut), and the rest of it, up to the next newline, is
 * dropped as it arrives. readline holds a whole line before anyone can cut it: a geth printing
 * 300 MB without a newline took the agent to 681 MiB.
 */
export function createLineSplitter(maxBytes: number, onLine: OnLine): LineSplitter {
  let parts: Buffer[] = [];
  let size = 0;
  /** The current line was handed over cut; drop until its newline. */
  let dropping = false;

  const flush = (cut: boolean): void => {
    const line = Buffer.concat(parts, size).toString('utf8');
    parts = [];
    size = 0;
    onLine(line, cut);
  };
  /** Keeps what fits of `bytes` (copied when `copy`: a kept slice must not pin the stream's chunk). */
  const keep = (bytes: Buffer, copy: boolean): void => {
    if (dropping || bytes.length === 0) return;
    const room = maxBytes - size;
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    parts.push(copy ? Buffer.from(kept) : kept);
    size += kept.length;
    if (bytes.length > room) {
      flush(true);
      dropping = true;
    }
  };

  return {
    push(chunk) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      for (let newline = bytes.indexOf(NEWLINE, start); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
        keep(bytes.subarray(start, newline), false);
        if (dropping) dropping = false;
        else flush(false);
        start = newline + 1;
      }
      keep(bytes.subarray(start), true);
    },
    end() {
      if (size > 0) flush(false);
      dropping = false;
    },
  };
}
