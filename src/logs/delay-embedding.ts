/**
 * Delay embedding of a scalar series x: vector i is (x[i], x[i + τ], …, x[i + (m − 1)τ]),
 * i = 0 … N − (m − 1)τ − 1 (Takens). Stored row-major, m numbers per vector.
 */
export function delayEmbed(x: Float64Array, dimension: number, delay: number): Float64Array {
  const count = embeddedLength(x.length, dimension, delay);
  const out = new Float64Array(Math.max(0, count) * dimension);
  for (let i = 0; i < count; i++) for (let c = 0; c < dimension; c++) out[i * dimension + c] = x[i + c * delay];
  return out;
}

/** Number of delay vectors a series of `length` gives. */
export function embeddedLength(length: number, dimension: number, delay: number): number {
  return length - (dimension - 1) * delay;
}

/**
 * The delay: the first lag at which the autocorrelation falls below 1/e, at most `maxDelay`.
 * For a map that decorrelates within a step (logistic r = 4, an edge-of-stability oscillation
 * whose autocorrelation alternates in sign) this is 1; a slowly sampled oscillation gets more.
 */
export function chooseDelay(x: Float64Array, maxDelay = 10): number {
  const n = x.length;
  const { mean, variance: v } = meanAndVariance(x);
  const variance = v * n;
  if (!(variance > 0)) return 1;
  for (let lag = 1; lag <= maxDelay && lag < n; lag++) {
    let c = 0;
    for (let i = 0; i + lag < n; i++) c += (x[i] - mean) * (x[i + lag] - mean);
    if (c / variance < 1 / Math.E) return lag;
  }
  return maxDelay;
}

/** Mean and (population) variance of a series. */
export function meanAndVariance(x: Float64Array): { mean: number; variance: number } {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (x[i] - mean) ** 2;
  return { mean, variance: sum / n };
}
