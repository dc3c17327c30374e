/**
 * Runs costly main-thread jobs (drawing a frame's pixels: a few hundred milliseconds for a large
 * plot) one per turn of the event loop, in order. Requests that arrive meanwhile (the page's
 * session, a hover's orbit) are read and answered between two jobs instead of after all of them.
 */
export class TurnQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T): Promise<T> {
    // an immediate queued from a job's continuation runs on the next turn, after pending I/O
    const inTurn = () =>
      new Promise<T>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(job());
          } catch (err) {
            reject(err as Error);
          }
        }),
      );
    const result = this.tail.then(inTurn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
