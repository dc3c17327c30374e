import { chooseDelay, delayEmbed, embeddedLength } from './delay-embedding.js';
import { chooseEmbeddingDimension } from './embedding-dimension.js';
import { nearestNeighbours } from './nearest-neighbours.js';

/**
 * The largest Lyapunov exponent ESTIMATED from a scalar series by Rosenstein, Collins & De Luca
 * (1993): embed the series with delays, pair every delay vector with its nearest neighbour
 * outside the Theiler window, follow each pair for k = 0 … horizon samples and average
 * ln ‖Y_{i+k} − Y_{j+k}‖ over the pairs; on a chaotic attractor this curve rises with slope λ
 * until the pairs are as far apart as the attractor is wide. λ is the least-squares slope over
 * the rise (the fit range), per logged sample, natural log.
 */
export interface LyapunovEstimate {
  /** the slope, per sample (NaN if no pairs could be followed) */
  exponent: number;
  /** half the difference of the estimates over the first and second half of the series (a convergence check) */
  error: number;
  /** embedding dimension m (false nearest neighbours) and delay τ (autocorrelation below 1/e) */
  dimension: number;
  delay: number;
  /** pairs closer in time than this many samples are not neighbours */
  theiler: number;
  /** the fit covers k = fitFrom … fitTo samples after pairing */
  fitFrom: number;
  fitTo: number;
  /** ⟨ln distance⟩ after k = 0 … horizon samples */
  curve: Float64Array;
}

export interface EstimateOptions {
  /** samples each pair is followed (default 20) */
  horizon?: number;
  /** largest embedding dimension tried (default 8) */
  maxDimension?: number;
  /** fixed embedding (default: chosen from the data) */
  dimension?: number;
  delay?: number;
}

/**
 * Where the fit ends: the last k before ⟨ln d⟩ has covered this fraction of its way from k = 0
 * to its plateau (the mean over the last quarter of the horizon). Beyond it, pairs start to
 * reach the attractor's size and the curve bends over.
 */
const RISE_FRACTION = 0.6;

export function estimateLyapunov(x: Float64Array, options: EstimateOptions = {}): LyapunovEstimate {
  const horizon = options.horizon ?? 20;
  const delay = options.delay ?? chooseDelay(x);
  const theiler = theilerWindow(delay);
  const dimension = options.dimension ?? chooseEmbeddingDimension(x, delay, theiler, options.maxDimension).dimension;
  const whole = divergenceCurve(x, dimension, delay, theiler, horizon);
  const fit = fitRise(whole);
  const half = Math.floor(x.length / 2);
  const halves = [x.subarray(0, half), x.subarray(half)].map((part) => {
    const curve = divergenceCurve(part, dimension, delay, theiler, horizon);
    return slope(curve, fit.from, fit.to);
  });
  return {
    exponent: fit.slope,
    error: 0.5 * Math.abs(halves[0] - halves[1]),
    dimension,
    delay,
    theiler,
    fitFrom: fit.from,
    fitTo: fit.to,
    curve: whole,
  };
}

/** Neighbours closer in time than this are skipped: they are close because the series is continuous, not because the attractor returns. */
export function theilerWindow(delay: number): number {
  return 10 * delay;
}

/** ⟨ln ‖Y_{i+k} − Y_{j(i)+k}‖⟩ for k = 0 … horizon over the pairs whose distance is positive. */
export function divergenceCurve(x: Float64Array, dimension: number, delay: number, theiler: number, horizon: number): Float64Array {
  const vectors = delayEmbed(x, dimension, delay);
  const count = embeddedLength(x.length, dimension, delay) - horizon;
  const curve = new Float64Array(horizon + 1).fill(NaN);
  if (count < 2 * theiler + 2) return curve;
  const nn = nearestNeighbours(vectors, dimension, count, theiler);
  const sums = new Float64Array(horizon + 1);
  const counts = new Float64Array(horizon + 1);
  for (let i = 0; i < count; i++) {
    const j = nn.index[i];
    if (j < 0) continue;
    for (let k = 0; k <= horizon; k++) {
      let d = 0;
      for (let c = 0; c < dimension; c++) {
        const e = vectors[(i + k) * dimension + c] - vectors[(j + k) * dimension + c];
        d += e * e;
      }
      if (d > 0) {
        sums[k] += 0.5 * Math.log(d);
        counts[k]++;
      }
    }
  }
  for (let k = 0; k <= horizon; k++) if (counts[k] > 0) curve[k] = sums[k] / counts[k];
  return curve;
}

/** The fit range (k = 1 up to RISE_FRACTION of the rise, at least two steps) and its slope. */
function fitRise(curve: Float64Array): { from: number; to: number; slope: number } {
  const horizon = curve.length - 1;
  const from = 1;
  const tail = curve.subarray(Math.floor((3 * horizon) / 4));
  const plateau = tail.reduce((s, v) => s + v, 0) / tail.length;
  const start = curve[0];
  let to = from + 1;
  if (plateau > start) {
    const ceiling = start + RISE_FRACTION * (plateau - start);
    while (to + 1 <= horizon && curve[to + 1] <= ceiling) to++;
  }
  return { from, to, slope: slope(curve, from, to) };
}

/** Least-squares slope of curve[k] against k over k = from … to. */
export function slope(curve: Float64Array, from: number, to: number): number {
  let n = 0;
  let sk = 0;
  let sy = 0;
  let skk = 0;
  let sky = 0;
  for (let k = from; k <= to; k++) {
    const y = curve[k];
    if (!Number.isFinite(y)) return NaN;
    n++;
    sk += k;
    sy += y;
    skk += k * k;
    sky += k * y;
  }
  const denominator = n * skk - sk * sk;
  return denominator > 0 ? (n * sky - sk * sy) / denominator : NaN;
}
