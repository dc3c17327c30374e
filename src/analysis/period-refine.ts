import type { DiscreteMap } from '../kind/discrete-map.js';
import { eigenvalues2x2, findPeriodicOrbit } from './periodic-orbit.js';

/**
 * Corrects a period read off a finite record near a flip.
 *
 * Just before a q-cycle doubles, its multiplier is close to −1, so the orbit approaches it by
 * alternating ever more slowly: states 2q steps apart already agree to the tolerance while states
 * q steps apart do not, and the record looks like a 2q-cycle. Newton's method settles it: if a
 * q-cycle next to the orbit exists and is attracting (spectral radius < 1), the attractor is that
 * q-cycle. Repeats down the chain p → p/2 → …
 */
export function refinePeriod(map: DiscreteMap, state: Float64Array, period: number): number {
  let p = period;
  while (p > 1 && p % 2 === 0) {
    const q = p / 2;
    const orbit = findPeriodicOrbit(map, state, q, 30);
    if (!orbit || !isNear(orbit.state, state) || spectralRadius(orbit.monodromy, map.dimension) >= 1) break;
    p = q;
  }
  return p;
}

function isNear(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-2 * Math.max(1, Math.abs(b[i]))) return false;
  return true;
}

/** Largest eigenvalue modulus of a small real matrix (1-D and 2-D in closed form). */
export function spectralRadius(m: Float64Array, k: number): number {
  if (k === 1) return Math.abs(m[0]);
  if (k === 2) {
    const [re1, im1, re2, im2] = eigenvalues2x2(m);
    return Math.max(Math.hypot(re1, im1), Math.hypot(re2, im2));
  }
  // Higher dimensions: Gelfand's formula on repeated squaring, ‖M^(2^j)‖^(1/2^j) → ρ(M).
  let a = Float64Array.from(m);
  let logScale = 0;
  for (let j = 1; j <= 12; j++) {
    const next = new Float64Array(k * k);
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) for (let s = 0; s < k; s++) next[r * k + c] += a[r * k + s] * a[s * k + c];
    const norm = Math.max(...next.map(Math.abs)) || 1;
    logScale = 2 * logScale + Math.log(norm);
    a = next.map((x) => x / norm);
  }
  return Math.exp(logScale / 2 ** 12);
}
