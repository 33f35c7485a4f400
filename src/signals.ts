/**
 * Turns the first SIGINT/SIGTERM into an abort of `controller`; later ones are only reported
 * (geth gets ONE signal from the supervisor, and a second signal must not kill the agent while
 * geth shuts down). Returns the function that removes the handlers.
 */
export function installStopSignals(controller: AbortController, report: (text: string) => void): () => void {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    count++;
    if (count === 1) controller.abort(new Error(`received ${signal}`));
    else report(`geth-agent: ${signal} received again; still stopping (waiting for geth's clean shutdown)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * AbortSignal.any by hand (it needs Node 20.3; engines says >=20): aborts `controller` with the
 * reason of the first of `sources` that aborts (at once if one already has). Returns the function
 * that detaches the listeners, for a controller that lives shorter than its sources.
 */
export function abortWhenAny(controller: AbortController, sources: ReadonlyArray<AbortSignal | undefined>): () => void {
  const linked: Array<{ source: AbortSignal; onAbort: () => void }> = [];
  const detach = (): void => {
    for (const { source, onAbort } of linked.splice(0)) source.removeEventListener('abort', onAbort);
  };
  for (const source of sources) {
    if (source === undefined) continue;
    if (source.aborted) {
      detach();
      controller.abort(source.reason);
      return detach;
    }
    const onAbort = (): void => {
      detach();
      controller.abort(source.reason);
    };
    source.addEventListener('abort', onAbort, { once: true });
    linked.push({ source, onAbort });
  }
  return detach;
}
