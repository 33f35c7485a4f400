/**
 * Runs tasks one at a time in submission order: every report goes out whole, never interleaved
 * with another (serialized writes). A failing task does not stop the queue.
 */
export interface SerialQueue {
  run(task: () => Promise<void> | void): Promise<void>;
  /** Tasks waiting or running. */
  size(): number;
}

export function createSerialQueue(onError: (err: unknown) => void): SerialQueue {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    run(task) {
      pending += 1;
      const next = tail.then(task).catch(onError).finally(() => {
        pending -= 1;
      });
      tail = next;
      return next;
    },
    size: () => pending,
  };
}
