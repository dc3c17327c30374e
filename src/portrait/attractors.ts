import { iterateWithMonodromy } from '../analysis/periodic-orbit.js';
import type { BasinResult } from './run-basins.js';
import { findCycle, solveCycle, sortCycles, type Cycle, type CycleContext } from './cycles.js';
import { OUTCOME } from './orbit-outcome.js';
import { cycleType, multipliers } from './stability.js';

export type AttractorKind = 'minima' | 'cycle' | 'chaotic' | 'unresolved' | 'diverged' | 'unreachable';

/** One label of the basin image: an attractor, or where orbits go without one. */
export interface Attractor {
  /** the label in the tables: minima, fixed_point_1, cycle2_1, chaotic, unresolved, diverged, unreachable */
  id: string;
  kind: AttractorKind;
  description: string;
  /** the cycle (period 1 for a fixed point) of a `cycle` label */
  cycle: Cycle | null;
  /** cells with this label */
  cells: number;
}

export interface BasinLabels {
  attractors: Attractor[];
  /** per cell: index into attractors */
  labels: Int32Array;
}

/** An orbit settled within the basin tolerance lies this close (relative) to its polished cycle. */
const SETTLED_MATCH = 1e-4;

/**
 * Names the attractor of every cell. A settled cycle is matched to a known one of its period by
 * any of its points (tolerance SETTLED_MATCH × max(1, |z|)); an unknown one is solved by Newton's
 * method from the orbit's point and appended to `cycles`, so every attracting cycle appears in the
 * fixed-point table. Cells are visited in order, so the labels do not depend on how the grid was
 * split among workers.
 */
export function labelBasins(
  result: BasinResult,
  context: CycleContext,
  cycles: Cycle[],
  settings: { maxPeriod: number; zeroTolerance: number },
): BasinLabels {
  const k = context.map.dimension;
  const cells = result.codes.length;
  const labels = new Int32Array(cells);
  const attractorOfCycle = new Map<Cycle, number>();
  const seen = new Set<number>();
  const point = new Float64Array(k);
  // first pass: which cycle each settled cell reached
  const reached = new Array<Cycle | undefined>(cells);
  const attracting = new Set<Cycle>();
  for (let c = 0; c < cells; c++) {
    const p = result.codes[c];
    seen.add(p > 0 ? 1 : p);
    if (p <= 0) continue;
    for (let i = 0; i < k; i++) point[i] = result.points[c * k + i];
    let index = findCycle(cycles, p, point, SETTLED_MATCH);
    if (index < 0) {
      cycles.push(solveCycle(context, point, p) ?? iteratedCycle(context, point, p));
      index = cycles.length - 1;
    }
    reached[c] = cycles[index];
    attracting.add(cycles[index]);
  }
  sortCycles(cycles);
  const attractors: Attractor[] = [];
  const add = (id: string, kind: AttractorKind, description: string, cycle: Cycle | null = null) =>
    attractors.push({ id, kind, description, cycle, cells: 0 }) - 1;
  const fixed = new Map<number, number>();
  if (seen.has(OUTCOME.minimum)) fixed.set(OUTCOME.minimum, add('minima', 'minima', 'the line of minima f = y (stable while ηλ < 2)'));
  const perPeriod = new Map<number, number>();
  for (const cycle of cycles) {
    if (!attracting.has(cycle)) continue;
    const n = (perPeriod.get(cycle.period) ?? 0) + 1;
    perPeriod.set(cycle.period, n);
    const id = cycle.period === 1 ? `fixed_point_${n}` : `cycle${cycle.period}_${n}`;
    attractorOfCycle.set(cycle, add(id, 'cycle', describeCycle(cycle), cycle));
  }
  if (seen.has(OUTCOME.chaotic))
    fixed.set(
      OUTCOME.chaotic,
      add('chaotic', 'chaotic', `chaotic set: no period ≤ ${settings.maxPeriod}, λ_max > ${settings.zeroTolerance}`),
    );
  if (seen.has(OUTCOME.unresolved))
    fixed.set(
      OUTCOME.unresolved,
      add(
        'unresolved',
        'unresolved',
        `no period ≤ ${settings.maxPeriod} within the transient and λ_max ≤ ${settings.zeroTolerance} (slow convergence or quasiperiodic)`,
      ),
    );
  if (seen.has(OUTCOME.diverged)) fixed.set(OUTCOME.diverged, add('diverged', 'diverged', 'the orbit leaves every bound (divergence)'));
  if (seen.has(OUTCOME.unreachable))
    fixed.set(OUTCOME.unreachable, add('unreachable', 'unreachable', 'λ < 2√ε|f|: no weights realise the state (not iterated)'));
  for (let c = 0; c < cells; c++) {
    const p = result.codes[c];
    const label = p > 0 ? attractorOfCycle.get(reached[c]!)! : fixed.get(p)!;
    labels[c] = label;
    attractors[label].cells++;
  }
  return { attractors, labels };
}

/** A cycle Newton's method cannot polish (a neutral one): its points as the orbit reached them. */
function iteratedCycle(context: CycleContext, start: Float64Array, p: number): Cycle {
  const { map } = context;
  const k = map.dimension;
  const points = [Float64Array.from(start)];
  for (let i = 1; i < p; i++) {
    const next = new Float64Array(k);
    map.step(points[i - 1], next);
    points.push(next);
  }
  const monodromy = new Float64Array(k * k);
  iterateWithMonodromy(map, start, p, new Float64Array(k), monodromy);
  const mu = multipliers(monodromy, k);
  return { period: p, points, multipliers: mu, type: cycleType(mu) };
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

export function describeCycle(cycle: Cycle): string {
  const pts = cycle.points.map((z) => `(${Array.from(z, fmt).join(', ')})`);
  const what =
    cycle.period === 1
      ? `fixed point ${pts[0]}`
      : `${cycle.period}-cycle through ${pts.slice(0, 4).join(', ')}${cycle.period > 4 ? ', …' : ''}`;
  return `${cycle.type} ${what}`;
}
