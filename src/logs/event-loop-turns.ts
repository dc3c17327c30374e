/**
 * For a long synchronous loop on the main thread: `await turn()` in the loop gives the event loop
 * a turn every `everyMs` of work, so that Ctrl-C and SIGTERM (whose handlers, in cli/main.ts, run
 * only between turns) act within a fraction of a second; once `signal` is aborted it throws its
 * reason. Between turns it costs one resolved promise.
 */
export function eventLoopTurns(signal: AbortSignal | undefined, everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise((resume) => setImmediate(resume));
    last = performance.now();
    if (signal?.aborted) throw signal.reason;
  };
}
