/**
 * Whether a recorded observable is still trending: an orbit that has not settled on its
 * attractor by the end of the transient (an mlp still sharpening towards the edge of stability)
 * must not be read as quasiperiodic or chaotic.
 *
 * The record is cut into quarters and each quarter into SETTLING_BLOCKS blocks. The drift is the
 * difference of the first and last quarters' means; each quarter mean's standard error is the
 * spread of its block means over √blocks. Block means, not raw samples: a 2-cycle-like or
 * chaotic orbit fluctuates a lot from step to step, but a block average of it does not, while a
 * trend moves every block. The record is settling when
 *   - |mean(Q4) − mean(Q1)| > SETTLING_Z · √(se(Q1)² + se(Q4)²), and
 *   - the four quarter means are strictly monotone (a trend, not one excursion).
 * A pure linear trend gives z ≈ 21 at any slope (the block means then spread by the trend
 * itself), so SETTLING_Z = 6 catches any drift that is not buried in fluctuation; a stationary
 * sequence with independent block means passes both tests with probability ~ 10⁻⁶.
 */
export const SETTLING_Z = 6;
/** the drift must also exceed the orbit's own spread within a quarter this many times */
export const SETTLING_EFFECT = 1;
/** blocks per quarter (so 32 block means over the whole record) */
export const SETTLING_BLOCKS = 8;
/** shortest record tested: blocks of at least 2 steps */
export const SETTLING_MIN_RECORD = 4 * SETTLING_BLOCKS * 2;

export interface SettlingTest {
  /** mean(Q4) − mean(Q1) */
  drift: number;
  /** drift over its standard error (NaN if the record is too short) */
  z: number;
  /** drift over the samples' own spread (root mean of the first and last quarters' variances) */
  effect: number;
  /** the four quarter means strictly increase or strictly decrease */
  monotone: boolean;
  settling: boolean;
}

/**
 * Mean, standard error (from SETTLING_BLOCKS block means) and the samples' own variance of
 * x[from, from + blocks·length).
 */
function quarterStats(x: ArrayLike<number>, from: number, length: number): { mean: number; se: number; variance: number } {
  const blocks = SETTLING_BLOCKS;
  const means = new Float64Array(blocks);
  let total = 0;
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    for (let t = from + b * length; t < from + (b + 1) * length; t++) sum += x[t];
    means[b] = sum / length;
    total += means[b];
  }
  const mean = total / blocks;
  let ss = 0;
  for (let b = 0; b < blocks; b++) ss += (means[b] - mean) ** 2;
  let squares = 0;
  for (let t = from; t < from + blocks * length; t++) squares += (x[t] - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (blocks - 1) / blocks), variance: squares / (blocks * length - 1) };
}

/** The settling test on the first `record` samples of x (see the module comment). */
export function settlingTest(x: ArrayLike<number>, record: number): SettlingTest {
  if (record < SETTLING_MIN_RECORD) return { drift: NaN, z: NaN, effect: NaN, monotone: false, settling: false };
  const length = Math.floor(record / (4 * SETTLING_BLOCKS));
  const quarter = length * SETTLING_BLOCKS;
  // the quarters end with the record: its last samples are the ones that show where it is going
  const offset = record - 4 * quarter;
  const q = [0, 1, 2, 3].map((k) => quarterStats(x, offset + k * quarter, length));
  const drift = q[3].mean - q[0].mean;
  const z = Math.abs(drift) / Math.hypot(q[0].se, q[3].se);
  const effect = Math.abs(drift) / Math.sqrt((q[0].variance + q[3].variance) / 2);
  const up = q[0].mean < q[1].mean && q[1].mean < q[2].mean && q[2].mean < q[3].mean;
  const down = q[0].mean > q[1].mean && q[1].mean > q[2].mean && q[2].mean > q[3].mean;
  const monotone = up || down;
  // z is NaN when the drift and the spread are both 0 (a constant record), +∞ for a noiseless ramp
  return { drift, z, effect, monotone, settling: monotone && z > SETTLING_Z && effect > SETTLING_EFFECT };
}
