import { SeededRandom } from '../random/rng.js';

/** How a minibatch run picks its examples: `size` per step, in file order or reshuffled each epoch. */
export interface BatchOrderSpec {
  size: number;
  seed: number;
  order: 'shuffle' | 'sequential';
}

/**
 * The example indices of each step's minibatch over n examples, as torch's
 * DataLoader(batch_size = size, shuffle, drop_last = True) walks them: an epoch is ⌊n/size⌋
 * batches of exactly `size`, and the n mod size examples left at an epoch's end are skipped (a fixed
 * batch size keeps every step the same map). 'sequential' walks 0 … n−1 in file order each epoch
 * (so those last examples are never seen); 'shuffle' draws a fresh Fisher–Yates permutation of
 * 0 … n−1 for each epoch from one SeededRandom(seed) stream and slices it. Step t's batch depends
 * only on (seed, n, size, order), never on the machine or the worker count.
 */
export class BatchOrder {
  readonly batchesPerEpoch: number;
  private readonly permutation: Int32Array;
  private readonly batch: Int32Array;
  private rng: SeededRandom;
  /** the epoch `permutation` holds; −1 before the first */
  private epoch = -1;

  constructor(
    readonly examples: number,
    readonly spec: BatchOrderSpec,
  ) {
    if (!Number.isInteger(examples) || examples < 1) throw new RangeError(`a batch order needs at least one example, got ${examples}`);
    if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > examples) {
      throw new RangeError(`batch size must be an integer in [1, ${examples}], got ${spec.size}`);
    }
    this.batchesPerEpoch = Math.floor(examples / spec.size);
    this.permutation = new Int32Array(examples);
    this.batch = new Int32Array(spec.size);
    this.rng = new SeededRandom(spec.seed);
  }

  get size(): number {
    return this.spec.size;
  }

  /**
   * The `size` indices of step t's batch (t = 0, 1, 2, …). The returned buffer is the order's own,
   * overwritten by the next call. Steps in increasing order cost O(size) each (plus O(n) per new
   * epoch); going back to an earlier epoch replays the stream from the seed.
   */
  indices(step: number): Int32Array {
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${step}`);
    const epoch = Math.floor(step / this.batchesPerEpoch);
    this.moveTo(epoch);
    const start = (step - epoch * this.batchesPerEpoch) * this.spec.size;
    this.batch.set(this.permutation.subarray(start, start + this.spec.size));
    return this.batch;
  }

  private moveTo(epoch: number): void {
    if (epoch === this.epoch) return;
    if (this.spec.order === 'sequential') {
      if (this.epoch < 0) for (let i = 0; i < this.examples; i++) this.permutation[i] = i;
      this.epoch = epoch;
      return;
    }
    if (epoch < this.epoch) {
      this.rng = new SeededRandom(this.spec.seed);
      this.epoch = -1;
    }
    while (this.epoch < epoch) {
      shuffleIdentity(this.permutation, this.rng);
      this.epoch++;
    }
  }
}

/** perm ← a uniform random permutation of 0 … n−1 (Fisher–Yates from the identity, so each epoch's is fresh). */
function shuffleIdentity(perm: Int32Array, rng: SeededRandom): void {
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = uniformBelow(rng, i + 1);
    const swap = perm[i];
    perm[i] = perm[j];
    perm[j] = swap;
  }
}

/** An exactly uniform integer in [0, m) for 1 ≤ m ≤ 2³²: rejection of the top partial block of 32-bit draws. */
function uniformBelow(rng: SeededRandom, m: number): number {
  const limit = 4294967296 - (4294967296 % m);
  for (;;) {
    const x = rng.nextUint32();
    if (x < limit) return x % m;
  }
}
