import { csvRow } from '../io/csv.js';
import { cellCentre } from './basin-grid.js';
import type { Portrait } from './compute-portrait.js';
import { formatMultiplier, multipliers } from './stability.js';

/**
 * <name>.fixed-points.csv: one row per point of each fixed point and cycle, in the plane's
 * coordinates, with the cycle's multipliers and type, after the kind's own equilibria (the UV
 * model's stable segment of the line of minima).
 */
export function fixedPointsTable(portrait: Portrait): string {
  const { system, cycles } = portrait;
  const { plane, map, geometry } = system;
  const lines = [csvRow(['kind', 'period', 'x', 'y', 'eigenvalue_1', 'eigenvalue_2', 'stability'])];
  const one = plane.dimension === 1;
  const jac = new Float64Array(map.dimension * map.dimension);
  for (const { kind, state, stability } of geometry?.equilibria() ?? []) {
    map.jacobian(state, jac);
    const [m1, m2] = multipliers(jac, map.dimension);
    const [x, y] = plane.fromState(state);
    lines.push(csvRow([kind, 1, x, y, formatMultiplier(m1), formatMultiplier(m2), stability]));
  }
  for (const cycle of cycles) {
    const kind = cycle.period === 1 ? 'fixed_point' : 'cycle';
    const [m1, m2] = cycle.multipliers;
    for (const z of cycle.points) {
      const [x, y] = plane.fromState(z);
      lines.push(csvRow([kind, cycle.period, x, one ? null : y, formatMultiplier(m1), m2 ? formatMultiplier(m2) : null, cycle.type]));
    }
  }
  return lines.join('');
}

/** <name>.basins.csv: the centre of every cell (x fastest, bottom row first) and its label. */
export function basinsTable(portrait: Portrait): string {
  const { grid, labels } = portrait;
  const one = grid.ny === 1;
  const ids = labels.attractors.map((a) => a.id);
  const lines = [csvRow(one ? ['x', 'label'] : ['x', 'y', 'label'])];
  for (let c = 0; c < labels.labels.length; c++) {
    const [x, y] = cellCentre(grid, c);
    lines.push(one ? csvRow([x, ids[labels.labels[c]]]) : csvRow([x, y, ids[labels.labels[c]]]));
  }
  return lines.join('');
}

/** The share of cells per label; they sum to 1 up to rounding in the last digit. */
export function basinFractions(portrait: Portrait): { id: string; description: string; fraction: number }[] {
  const total = portrait.labels.labels.length;
  return portrait.labels.attractors.map((a) => ({ id: a.id, description: a.description, fraction: a.cells / total }));
}

export function basinFractionsTable(portrait: Portrait): string {
  return [
    csvRow(['label', 'description', 'fraction']),
    ...basinFractions(portrait).map((f) => csvRow([f.id, f.description, f.fraction])),
  ].join('');
}
