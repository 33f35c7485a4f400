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
