import type { DiscreteMap } from '../kind/discrete-map.js';

/**
 * Where one initial condition goes. A positive code is the period of the cycle it settles on;
 * the others name the rest.
 */
export const OUTCOME = {
  /** UV: settles on the line of minima f = y */
  minimum: 0,
  /** UV: outside the feasible region λ ≥ 2√ε|f|; not iterated */
  unreachable: -1,
  diverged: -2,
  /** no period up to the maximum and λ_max above the zero tolerance */
  chaotic: -3,
  /** no period up to the maximum and λ_max at or below the zero tolerance (slow or quasiperiodic) */
  unresolved: -4,
} as const;

export interface OrbitSettings {
  transient: number;
  lyapunovSteps: number;
  tol: number;
  divergenceBound: number;
  zeroTolerance: number;
  maxPeriod: number;
}

/** Steps between attempts to detect a period during the transient (an early, settled orbit stops there). */
const CHECK_EVERY = 256;

/**
 * Classifies orbits of one map. Reuses its buffers across calls (one per worker); the result of
 * `classify` is left in `code`, `point` (the cycle's point of least x, or where a minimum was
 * reached) and `lyapunov` (λ_max of an orbit without a period, NaN otherwise). The outcome depends
 * on the initial condition alone, so grids split any way give the same labels.
 */
export class OrbitClassifier {
  code = 0;
  readonly point: Float64Array;
  lyapunov = NaN;
  private readonly k: number;
  private readonly history: Float64Array;
  private readonly z: Float64Array;
  private readonly jac: Float64Array;
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly candidate: Float64Array;

  constructor(
    private readonly map: DiscreteMap,
    private readonly settings: OrbitSettings,
    /**
     * UV: whether a settled orbit, given as its p states (k values each, from the history's
     * start), is reaching a minimum on the line f = y
     */
    private readonly isMinimum: ((states: Float64Array, p: number) => boolean) | null = null,
  ) {
    this.k = map.dimension;
    this.point = new Float64Array(this.k);
    this.history = new Float64Array(3 * settings.maxPeriod * this.k);
    this.z = new Float64Array(this.k);
    this.jac = new Float64Array(this.k * this.k);
    this.v = new Float64Array(this.k);
    this.w = new Float64Array(this.k);
    this.candidate = new Float64Array(this.k);
  }

  classify(initial: Float64Array): number {
    const { transient, tol } = this.settings;
    const { k, point, candidate } = this;
    this.z.set(initial);
    this.lyapunov = NaN;
    point.fill(NaN);
    let t = 0;
    while (t < transient) {
      const until = Math.min(transient, t + CHECK_EVERY);
      for (; t < until; t++) if (!this.advance()) return (this.code = OUTCOME.diverged);
      const p = this.detectPeriod();
      if (p < 0) return (this.code = OUTCOME.diverged);
      t += 3 * this.settings.maxPeriod - 1;
      if (p === 0) continue;
      // A cycle counts once it is seen again, CHECK_EVERY steps later, at the same point: an orbit
      // passing slowly by a saddle (near the UV origin, steps of 1e-8 pass the absolute tolerance)
      // looks periodic for a while, then leaves.
      this.leastPoint(p, candidate);
      for (let s = 0; s < CHECK_EVERY; s++) if (!this.advance()) return (this.code = OUTCOME.diverged);
      const again = this.detectPeriod();
      if (again < 0) return (this.code = OUTCOME.diverged);
      t += CHECK_EVERY + 3 * this.settings.maxPeriod - 1;
      if (again !== p) continue;
      this.leastPoint(p, point);
      let same = true;
      for (let c = 0; c < k; c++) same &&= Math.abs(point[c] - candidate[c]) <= tol * Math.max(1, Math.abs(candidate[c]));
      if (same) return this.settled(p);
      point.fill(NaN);
    }
    return this.withoutPeriod();
  }

  /** One step in place; false once the state leaves the bound or is not finite. */
  private advance(): boolean {
    const z = this.z;
    this.map.step(z, z);
    const bound = this.settings.divergenceBound;
    for (let i = 0; i < this.k; i++) if (!(Math.abs(z[i]) <= bound)) return false;
    return true;
  }

  /**
   * Steps 3·maxPeriod − 1 times into the history and returns the least p whose states p and 2p
   * steps apart all match (one whole cycle, three times over), 0 if none, −1 if the orbit
   * diverged meanwhile.
   */
  private detectPeriod(): number {
    const { k, history, z } = this;
    const n = 3 * this.settings.maxPeriod - 1;
    history.set(z, 0);
    for (let s = 1; s <= n; s++) {
      if (!this.advance()) return -1;
      history.set(z, s * k);
    }
    const tol = this.settings.tol;
    for (let p = 1; p <= this.settings.maxPeriod; p++) {
      let match = true;
      for (let i = 0; i < p && match; i++) {
        for (let c = 0; c < k; c++) {
          const a = history[i * k + c];
          const b = history[(i + p) * k + c];
          const c2 = history[(i + 2 * p) * k + c];
          const scale = tol * Math.max(1, Math.abs(a));
          if (!(Math.abs(a - b) <= scale && Math.abs(b - c2) <= scale)) {
            match = false;
            break;
          }
        }
      }
      if (match) return p;
    }
    return 0;
  }

  /** Writes the state of least x (then least y) among the first p of the history into out. */
  private leastPoint(p: number, out: Float64Array): void {
    const { k, history } = this;
    let best = 0;
    for (let i = 1; i < p; i++) {
      const a = history[i * k];
      const b = history[best * k];
      if (a < b || (a === b && k > 1 && history[i * k + 1] < history[best * k + 1])) best = i;
    }
    for (let c = 0; c < k; c++) out[c] = history[best * k + c];
  }

  /** A settled cycle of period p (its point of least x already in `point`). */
  private settled(p: number): number {
    if (this.isMinimum?.(this.history, p)) return (this.code = OUTCOME.minimum);
    return (this.code = p);
  }

  /** No period: the largest Lyapunov exponent over lyapunovSteps decides chaos. */
  private withoutPeriod(): number {
    const { k, z, jac, v, w } = this;
    v.fill(1 / Math.sqrt(k));
    let sum = 0;
    const steps = this.settings.lyapunovSteps;
    for (let t = 0; t < steps; t++) {
      this.map.jacobian(z, jac);
      if (!this.advance()) return (this.code = OUTCOME.diverged);
      let norm = 0;
      for (let r = 0; r < k; r++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += jac[r * k + c] * v[c];
        w[r] = s;
        norm += s * s;
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0 && Number.isFinite(norm))) break; // a singular step: no growth to measure
      sum += Math.log(norm);
      for (let r = 0; r < k; r++) v[r] = w[r] / norm;
    }
    this.lyapunov = sum / steps;
    this.point.set(z);
    return (this.code = this.lyapunov > this.settings.zeroTolerance ? OUTCOME.chaotic : OUTCOME.unresolved);
  }
}
