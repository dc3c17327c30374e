import type { PortraitSystem, Window } from '../kind/portrait.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import { OrbitClassifier, OUTCOME } from './orbit-outcome.js';

export type { Window } from '../kind/portrait.js';

/** The basin grid: nx × ny cells over the window, x fastest, row 0 at the bottom; ny = 1 on a line. */
export interface BasinGrid {
  window: Window;
  nx: number;
  ny: number;
}

/** The plane coordinates of a cell's centre. */
export function cellCentre(grid: BasinGrid, cell: number): [number, number] {
  const i = cell % grid.nx;
  const j = Math.floor(cell / grid.nx);
  const [x0, x1] = grid.window.x;
  const [y0, y1] = grid.window.y;
  return [x0 + ((i + 0.5) * (x1 - x0)) / grid.nx, grid.ny === 1 ? 0 : y0 + ((j + 0.5) * (y1 - y0)) / grid.ny];
}

/** What a worker is sent: the spec, the grid and a range of its rows. */
export interface BasinTask {
  spec: PortraitSpec;
  grid: BasinGrid;
  rowStart: number;
  rowEnd: number;
}

/** Per cell of the rows, cell-major: outcome code, the identifying point (k values), λ_max. */
export interface BasinRows {
  rowStart: number;
  codes: Int32Array;
  points: Float64Array;
  lyapunov: Float64Array;
}

/** Classifies every cell of rows [rowStart, rowEnd): the workers' whole job. */
export function computeBasinRows(task: BasinTask, system: PortraitSystem): BasinRows {
  const { spec, grid } = task;
  const { map, plane, geometry } = system;
  const k = map.dimension;
  const b = spec.basins;
  const classifier = new OrbitClassifier(
    map,
    {
      transient: b.transient,
      lyapunovSteps: b.lyapunovSteps,
      tol: b.tol,
      divergenceBound: b.divergenceBound,
      zeroTolerance: b.zeroTolerance,
      maxPeriod: spec.cycles.maxPeriod,
    },
    geometry ? (states, p) => geometry.onMinima(states, k, p) : null,
  );
  const first = task.rowStart * grid.nx;
  const n = (task.rowEnd - task.rowStart) * grid.nx;
  const codes = new Int32Array(n);
  const points = new Float64Array(n * k);
  const lyapunov = new Float64Array(n);
  const z = new Float64Array(k);
  for (let c = 0; c < n; c++) {
    const [x, y] = cellCentre(grid, first + c);
    plane.toState(x, y, z);
    if (geometry && !geometry.reachable(z)) {
      codes[c] = OUTCOME.unreachable;
      points.fill(NaN, c * k, (c + 1) * k);
      lyapunov[c] = NaN;
      continue;
    }
    codes[c] = classifier.classify(z);
    points.set(classifier.point, c * k);
    lyapunov[c] = classifier.lyapunov;
  }
  return { rowStart: task.rowStart, codes, points, lyapunov };
}
