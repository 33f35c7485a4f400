/**
 * Single flight with one waiting slot: at most one job runs; requests arriving meanwhile
 * coalesce into one pending request (the latest replaces an earlier one), run when the current
 * job ends. close() drops the pending request, aborts the running job's signal and refuses
 * everything after. A server can ask as often as it likes: the work stays one job plus one.
 */
export interface Coalescer<T> {
  submit(request: T): void;
  close(): void;
  /** Requests replaced by a later one or dropped at close, since creation. */
  dropped(): number;
}

export function createCoalescer<T>(run: (request: T, signal: AbortSignal) => Promise<void>, onError: (err: unknown) => void): Coalescer<T> {
  const abort = new AbortController();
  let running = false;
  let pending: { readonly request: T } | undefined;
  let dropped = 0;

  const start = (request: T): void => {
    running = true;
    void Promise.resolve()
      .then(() => run(request, abort.signal))
      .catch(onError)
      .finally(() => {
        running = false;
        const next = pending;
        pending = undefined;
        if (next !== undefined && !abort.signal.aborted) start(next.request);
      });
  };

  return {
    submit(request) {
      if (abort.signal.aborted) {
        dropped += 1;
        return;
      }
      if (!running) return start(request);
      if (pending !== undefined) dropped += 1;
      pending = { request };
    },
    close() {
      if (pending !== undefined) dropped += 1;
      pending = undefined;
      abort.abort();
    },
    dropped: () => dropped,
  };
}
