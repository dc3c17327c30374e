import type { PortraitSpec } from '../spec/portrait-spec.js';
import { labelBasins, type BasinLabels } from './attractors.js';
import { autoWindow } from './auto-window.js';
import type { BasinGrid, Window } from './basin-grid.js';
import { searchCycles, type Cycle } from './cycles.js';
import type { PortraitSystem } from '../kind/portrait.js';
import { runBasins, type BasinResult, type BasinRunOptions } from './run-basins.js';
import { portraitTrajectory, type PortraitTrajectory } from './trajectory.js';
import { vectorField, type Arrow } from './vector-field.js';

/** Basin cells per axis (along the line for one variable) when the spec does not say. */
export const DEFAULT_RESOLUTION = { plane: 400, line: 1000 } as const;

/** Everything a portrait shows, computed. */
export interface Portrait {
  spec: PortraitSpec;
  system: PortraitSystem;
  window: Window;
  grid: BasinGrid;
  /** fixed points and cycles, by period: Newton's from the seed grid, plus every attracting one the basins reached */
  cycles: Cycle[];
  basins: BasinResult;
  labels: BasinLabels;
  arrows: Arrow[];
  trajectories: PortraitTrajectory[];
}

export function portraitWindow(spec: PortraitSpec, system: PortraitSystem): Window {
  if (!spec.window) return autoWindow(system, spec.basins.divergenceBound);
  return { x: spec.window.x, y: spec.window.y ?? [0, 1] };
}

/** The portrait of a validated spec, drawn with the system its kind built from it (ModelKind.portrait). */
export async function computePortrait(spec: PortraitSpec, system: PortraitSystem, options: BasinRunOptions): Promise<Portrait> {
  const window = portraitWindow(spec, system);
  const line = system.plane.dimension === 1;
  const n = spec.basins.resolution ?? (line ? DEFAULT_RESOLUTION.line : DEFAULT_RESOLUTION.plane);
  const grid: BasinGrid = { window, nx: n, ny: line ? 1 : n };
  const basins = await runBasins(spec, system, grid, options);
  const cycles = searchCycles(system, window, spec.fixedPoints.seeds, spec.cycles.maxPeriod);
  const labels = labelBasins(basins, system, cycles, { maxPeriod: spec.cycles.maxPeriod, zeroTolerance: spec.basins.zeroTolerance });
  const arrows = spec.vectorField.enabled && !line ? vectorField(system, window, spec.vectorField.arrows) : [];
  const trajectories = spec.trajectories.map((t, i) =>
    portraitTrajectory(system, t.x, t.y ?? 0, spec.trajectorySteps, spec.basins.divergenceBound, t.label ?? `trajectory ${i + 1}`),
  );
  return { spec, system, window, grid, cycles, basins, labels, arrows, trajectories };
}
