/**
 * The standard error of a Lyapunov exponent's finite-time estimate, by non-overlapping batch
 * means (Schmeiser 1982; Flegal & Jones 2010).
 *
 * λ_max over a record is the mean of the per-step log growths of the top tangent vector. These
 * are correlated along the orbit, so their spread divided by √record understates the error of
 * the mean. Cut the record into B consecutive batches instead: once a batch is much longer than
 * the correlation time its mean is nearly independent of its neighbours' and nearly Gaussian,
 * with variance σ²/n (σ² the long-run variance of one step), so the batch means' spread measures
 * σ² with the correlation folded in, and the error of the overall mean is √(σ²/record).
 *
 * B is fixed (16) rather than the batch length: the batches lengthen with the record, so the
 * estimate stays consistent however long the correlations are, and (mean − λ)/error is Student-t
 * with B − 1 = 15 degrees of freedom, whose ±2 interval holds 93.6 % (±1: 67 %). Fewer batches
 * would make the error itself noisy (B = 4: ±2 holds 86 %); many more would make them short.
 */
export const LYAPUNOV_BATCHES = 16;

/**
 * The record steps at which the batches end, increasing and distinct: ⌊(b + 1)·record / B⌋ for
 * b = 0 … B − 1, without the repeats and zeros of a record shorter than B.
 */
export function batchEnds(record: number, batches = LYAPUNOV_BATCHES): Int32Array {
  const ends: number[] = [];
  for (let b = 0; b < batches; b++) {
    const end = Math.floor(((b + 1) * record) / batches);
    if (end > 0 && end !== ends[ends.length - 1]) ends.push(end);
  }
  return Int32Array.from(ends);
}

/**
 * The 1σ standard error of a record's mean, cumulative[count − 1] / ends[count − 1], given the
 * running sum of the series at `count` increasing segment ends: cumulative[offset + s] is the sum
 * over record steps [0, ends[s]). Segments are merged into batches: a batch closes at the first
 * segment end at or past the next of batchEnds(record), so a kernel that sees its sums only every
 * few steps (the UV kernel's 128-step blocks) gets fewer, slightly unequal batches, weighted by
 * their length: σ² = Σ n_b (x̄_b − x̄)² / (B − 1), error = √(σ² / record). NaN with fewer than 2
 * batches. Allocates nothing (the UV kernel calls it for every grid point).
 */
export function batchMeansError(ends: ArrayLike<number>, cumulative: ArrayLike<number>, count: number, offset = 0): number {
  if (count < 1) return NaN;
  const record = ends[count - 1];
  const mean = cumulative[offset + count - 1] / record;
  let batches = 0;
  let squares = 0;
  let b = 0; // the next batch end: ⌊(b + 1)·record / B⌋, as batchEnds
  let start = 0;
  let startSum = 0;
  for (let s = 0; s < count; s++) {
    if (ends[s] < Math.floor(((b + 1) * record) / LYAPUNOV_BATCHES) && s < count - 1) continue;
    const n = ends[s] - start;
    const deviation = (cumulative[offset + s] - startSum) / n - mean;
    squares += n * deviation * deviation;
    batches++;
    start = ends[s];
    startSum = cumulative[offset + s];
    while (b < LYAPUNOV_BATCHES && Math.floor(((b + 1) * record) / LYAPUNOV_BATCHES) <= start) b++;
  }
  return batches < 2 ? NaN : Math.sqrt(squares / (batches - 1) / record);
}
