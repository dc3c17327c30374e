import { detectContractingPeriod, detectPeriod, type PeriodOptions } from '../analysis/period.js';
import { classifyOrbit, type Regime } from '../analysis/regime.js';
import { settlingTest } from '../analysis/settling.js';
import { estimateLyapunov, type LyapunovEstimate } from './time-series-lyapunov.js';

export interface OrbitAnalysisOptions {
  period: PeriodOptions;
  /** |λ estimate| at most this counts as zero */
  zeroTolerance: number;
}

/** Samples the Lyapunov estimate uses at most (the last ones): its neighbour search grows faster than linearly. */
export const LYAPUNOV_MAX_SAMPLES = 20_000;

export interface OrbitAnalysis {
  regime: Regime;
  period: number;
  /** the time-series estimate; null for a run with a period (nothing to estimate: see below) */
  lyapunov: LyapunovEstimate | null;
  min: number;
  max: number;
}

/**
 * Classifies the last `record` logged samples of one run, as the sweep classifies a grid point
 * (src/sweep/point-results.ts), with the time-series Lyapunov estimate in place of the tangent
 * map's exponent: the period by detectPeriod (same definition and tolerance); without one, the
 * estimate, and when it is not clearly positive the slow-convergence check (a p-step mismatch
 * shrinking twentyfold over the record counts as period p); without a period, the settling test
 * on the series (src/analysis/settling.ts); then classifyOrbit.
 *
 * Not available without the map: Newton's check that replaces a 2q reading next to a flip by q.
 *
 * The estimate is skipped for runs with a period: the nearest neighbours on a cycle are its own
 * repeats, at distance zero, so there is no divergence to follow (the tangent exponent of an
 * attracting cycle is negative, which a series cannot show).
 */
export function analyzeOrbit(x: Float64Array, options: OrbitAnalysisOptions): OrbitAnalysis {
  const n = x.length;
  let period = detectPeriod(x, 1, n, options.period);
  let lyapunov: LyapunovEstimate | null = null;
  if (period === 0) {
    lyapunov = estimateLyapunov(n > LYAPUNOV_MAX_SAMPLES ? x.subarray(n - LYAPUNOV_MAX_SAMPLES) : x);
    if (!(lyapunov.exponent > options.zeroTolerance)) {
      period = detectContractingPeriod(x, 1, n, { ...options.period, ratio: 0.05 });
      if (period > 0) lyapunov = null;
    }
  }
  // An estimate that found no pairs to follow (NaN) is no evidence of chaos: classify as λ ≈ 0, not
  // as classifyOrbit's "exponents off" reading (chaotic).
  const exponent = lyapunov && !Number.isNaN(lyapunov.exponent) ? lyapunov.exponent : 0;
  const trending = period === 0 && settlingTest(x, n).settling;
  const c = classifyOrbit(period, exponent, options.zeroTolerance, trending);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  return { regime: c.regime, period: c.period, lyapunov, min, max };
}
