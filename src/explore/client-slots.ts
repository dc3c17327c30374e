import { ApiError } from './api-error.js';

/**
 * How many computing requests (views, orbits, exports) each client address has running: at most
 * `cap` at once, so one client cannot make the server hold more than `cap` views' rasters, pixels
 * and responses. One more gets a 429 at once rather than a place in a queue.
 */
export class ClientSlots {
  private readonly running = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** A place for one more request of `client` (a 429 if it has `cap` running); call the returned release once it ends. */
  take(client: string): () => void {
    const count = this.running.get(client) ?? 0;
    if (count >= this.cap)
      throw new ApiError(
        429,
        `${this.cap} views of this client are running; wait for one to finish, or cancel one, before asking for another`,
      );
    this.running.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(client) ?? 1) - 1;
      if (left > 0) this.running.set(client, left);
      else this.running.delete(client);
    };
  }
}
