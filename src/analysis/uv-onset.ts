import type { DiscreteMap } from '../maps/discrete-map.js';
import { findPeriodicOrbit } from './periodic-orbit.js';
import { settle } from './cascade.js';

/**
 * The UV model's first doubling, 1 → 2, is the onset of the edge of stability, not the flip of a
 * hyperbolic fixed point: the minima form a line, and the 2-cycle grows out of it where no stable
 * minimum is reachable any more. The 2-cycle's squared amplitude A(η) = (f₁ − f₂)² vanishes
 * linearly there. The 2-cycle is followed by Newton's method from deep inside its window down
 * towards the onset, each step halving the distance to the extrapolated root (F² also fixes every
 * minimum, so each solve must start next to a cycle of clearly non-zero amplitude), and the onset
 * is the root of the parabola through the last three amplitudes.
 *
 * `below` is a learning rate where minima are still reached, `inside` one well inside the 2-cycle
 * window.
 */
export function locateUvOnset(mapAt: (eta: number) => DiscreteMap, initial: Float64Array, below: number, inside: number): number {
  let state = settle(mapAt(inside), initial, 2, 200_000);
  let a0 = 0;
  const amplitude2 = (eta: number): number => {
    const map = mapAt(eta);
    const orbit = findPeriodicOrbit(map, state, 2);
    if (!orbit) throw new Error(`Newton's method lost the 2-cycle at η = ${eta}`);
    const image = new Float64Array(2);
    map.step(orbit.state, image);
    const a = (image[0] - orbit.state[0]) ** 2;
    if (a0 > 0 && a < 1e-12 * a0) throw new Error(`Newton's method fell onto the line of minima at η = ${eta}`);
    state = orbit.state;
    return a;
  };
  a0 = amplitude2(inside);
  // Walk down towards the onset without crossing it: each step halves the distance to the root
  // extrapolated (linearly) from the last two samples, while the amplitude stays resolvable.
  const samples: [number, number][] = [[inside, a0]];
  let next = below + 0.5 * (inside - below);
  for (let j = 0; j < 40; j++) {
    let a: number;
    try {
      a = amplitude2(next);
    } catch {
      break;
    }
    samples.push([next, a]);
    // close enough for a parabola through the last three samples to pin the root to ~1e-10
    if (a < 1e-3 * a0) break;
    const [x1, y1] = samples[samples.length - 2];
    const root = next - (a * (x1 - next)) / (y1 - a);
    if (!(root < next)) break;
    next = root + 0.5 * (next - root);
  }
  const [p0, p1, p2] = samples.slice(-3);
  const estimate = parabolaRoot(p0, p1, p2, below, inside);
  return estimate;
}

/** The root nearest to the samples of the parabola through three (x, y) points. */
function parabolaRoot(a: [number, number], b: [number, number], c: [number, number], lo: number, hi: number): number {
  // p(x) = y_a + c1 (x − x_a) + c2 (x − x_a)(x − x_b)
  const c1 = (b[1] - a[1]) / (b[0] - a[0]);
  const c2 = ((c[1] - b[1]) / (c[0] - b[0]) - c1) / (c[0] - a[0]);
  // in u = x − x_a: c2 u² + (c1 − c2 (x_b − x_a)) u + y_a
  const A = c2;
  const B = c1 - c2 * (b[0] - a[0]);
  const C = a[1];
  const disc = Math.sqrt(Math.max(0, B * B - 4 * A * C));
  const q = -0.5 * (B + (B >= 0 ? disc : -disc));
  const roots = Math.abs(A) < 1e-300 ? [-C / B] : [q / A, C / q];
  const candidates = roots.map((u) => a[0] + u).filter((x) => Number.isFinite(x) && x >= lo - (hi - lo) && x <= hi);
  if (candidates.length === 0) throw new Error('the 2-cycle amplitude does not extrapolate to zero inside the bracket');
  return candidates.reduce((best, x) => (Math.abs(x - c[0]) < Math.abs(best - c[0]) ? x : best));
}
