/**
 * A sweep's cancel flag, shared with the workers: one Int32 in a SharedArrayBuffer, which a task
 * carries (ChunkTask.cancel) and the structured clone shares rather than copies. The main thread
 * raises it when the sweep is abandoned; a chunk already running sees it at its next check and
 * stops, so the worker is free at once and is kept (piscina's abort would terminate it, and a new
 * worker reloads its modules and kernels). Kernels check it between blocks of steps, never per
 * step; without a flag (every CLI sweep) a check is one comparison with undefined.
 */
export type CancelFlag = Int32Array;

export function createCancelFlag(): CancelFlag {
  return new Int32Array(new SharedArrayBuffer(4));
}

export function raiseCancelFlag(flag: CancelFlag): void {
  Atomics.store(flag, 0, 1);
}

/** Thrown inside a chunk whose sweep was cancelled; the main thread has dropped the sweep already. */
export class ChunkCancelled extends Error {
  constructor() {
    super('chunk cancelled: its sweep was abandoned');
    this.name = 'ChunkCancelled';
  }
}

export function throwIfCancelled(flag: CancelFlag | undefined): void {
  if (flag !== undefined && Atomics.load(flag, 0) !== 0) throw new ChunkCancelled();
}
