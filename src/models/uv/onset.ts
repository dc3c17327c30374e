import type { DiscreteMap } from '../../kind/discrete-map.js';
import { findPeriodicOrbit } from '../../analysis/periodic-orbit.js';
import { CascadeStop, settle } from '../../analysis/cascade.js';

/**
 * The UV model's first doubling, 1 → 2, is the onset of the edge of stability, not the flip of a
 * hyperbolic fixed point: the minima form a line, and the 2-cycle grows out of it where no stable
 * minimum is reachable any more. The 2-cycle's squared amplitude A(η) = (f₁ − f₂)² vanishes
 * linearly there. The 2-cycle is followed by Newton's method from inside its window down towards
 * the onset, each step halving the distance to the extrapolated root (F² also fixes every minimum,
 * so each solve must start next to a cycle of clearly non-zero amplitude), and the onset is the
 * root of the parabola through the last three amplitudes. A step that loses the cycle (it went past
 * the onset, or too close to it) is retried halfway back to the last value where the cycle was
 * found, so `below` and `inside` may be as far apart as the ends of a two-point scan.
 *
 * `below` is a learning rate where minima are still reached, `inside` one inside the 2-cycle
 * window.
 */
export function locateUvOnset(mapAt: (eta: number) => DiscreteMap, initial: Float64Array, below: number, inside: number): number {
  let state = settle(mapAt(inside), initial, 2, 200_000);
  const image = new Float64Array(2);
  /** A(η) on the 2-cycle continued from the last one found, or null if Newton's method lost it. */
  const amplitude2 = (eta: number, reference: number): number | null => {
    const map = mapAt(eta);
    const orbit = findPeriodicOrbit(map, state, 2);
    // Right at the onset Newton's method creeps along the degenerate root and stops on a "stalled"
    // iterate far from any cycle: accept only a cycle solved to rounding level.
    if (!orbit || !(orbit.residual <= 1e-12 * Math.max(1, Math.abs(orbit.state[0]), Math.abs(orbit.state[1])))) return null;
    map.step(orbit.state, image);
    const a = (image[0] - orbit.state[0]) ** 2;
    if (!(a >= 1e-12 * reference)) return null; // fell onto the line of minima
    state = orbit.state;
    return a;
  };
  const a0 = amplitude2(inside, 0);
  if (a0 === null || !(a0 > 0)) throw new CascadeStop(`Newton's method finds no 2-cycle at η = ${inside}`);
  // Walk down towards the onset without crossing it: each step halves the distance to the root
  // extrapolated (linearly) from the last two samples, while the amplitude stays resolvable.
  const samples: [number, number][] = [[inside, a0]];
  let next = below + 0.5 * (inside - below);
  for (let j = 0; j < 80; j++) {
    const [x1, y1] = samples[samples.length - 1];
    const a = amplitude2(next, a0);
    if (a === null) {
      next = 0.5 * (next + x1);
      continue;
    }
    samples.push([next, a]);
    // close enough for a parabola through the last three samples to pin the root to ~1e-10
    if (samples.length >= 3 && a < 1e-3 * a0) break;
    const root = next - (a * (x1 - next)) / (y1 - a);
    // an amplitude that does not fall towards `below` gives no root to aim at: keep halving
    next = root < next ? root + 0.5 * (next - root) : below + 0.5 * (next - below);
  }
  if (samples.length < 3) {
    throw new CascadeStop(
      `the 2-cycle could not be followed from η = ${inside} down towards η = ${below} (found it at ${samples.length} of the 3 learning rates needed)`,
    );
  }
  const [p0, p1, p2] = samples.slice(-3);
  return parabolaRoot(p0, p1, p2, below, inside);
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
  if (candidates.length === 0) throw new CascadeStop('the 2-cycle amplitude does not extrapolate to zero inside the bracket');
  return candidates.reduce((best, x) => (Math.abs(x - c[0]) < Math.abs(best - c[0]) ? x : best));
}
