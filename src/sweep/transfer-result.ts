import { Piscina } from 'piscina';

/**
 * A worker's result handed back to the main thread with `buffers` moved, not copied: the typed
 * arrays in it arrive without a copy and are unusable on the worker afterwards.
 */
export function transferResult<T>(result: T, buffers: ArrayBuffer[]): unknown {
  const transferable = {
    get [Piscina.transferableSymbol]() {
      return buffers;
    },
    get [Piscina.valueSymbol](): T {
      return result;
    },
  };
  return Piscina.move(transferable as never);
}
