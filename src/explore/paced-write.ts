import type { Writable } from 'node:stream';

/** A response whose reader took nothing for the stall timeout: the server cuts it off. */
export class ResponseStalled extends Error {
  constructor(ms: number) {
    super(`the page took nothing of the response for ${ms / 1000} s`);
    this.name = 'ResponseStalled';
  }
}

/**
 * Writes `chunk` and waits until the stream has drained it, so a response is produced no faster
 * than its reader takes it and the server holds one frame per response, not a backlog. Rejects
 * with ResponseStalled if the stream does not drain within `stallMs`, or with the signal's reason
 * if the request is cancelled meanwhile.
 */
export function writePaced(stream: Writable, chunk: Uint8Array, stallMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      clearTimeout(timer);
      stream.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error as Error);
      else resolve();
    };
    const onDrain = () => settle();
    const onAbort = () => settle(signal.reason);
    const timer = setTimeout(() => settle(new ResponseStalled(stallMs)), stallMs);
    stream.on('drain', onDrain);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
