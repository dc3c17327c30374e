import type { PortraitSystem } from '../kind/portrait.js';
import { portraitSystemOf } from '../models/registry.js';
import { computePortrait, DEFAULT_RESOLUTION, type Portrait } from '../portrait/compute-portrait.js';
import type { BasinRunOptions } from '../portrait/run-basins.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';

/** What a validated portrait spec will compute: the system its kind builds, and the basin cells (for a progress bar). */
export interface PortraitPlan {
  system: PortraitSystem;
  /** n × n over a plane, n along the line of a one-variable map */
  cells: number;
}

export function planPortrait(spec: PortraitSpec): PortraitPlan {
  const system = portraitSystemOf(spec);
  const line = system.plane.dimension === 1;
  const n = spec.basins.resolution ?? (line ? DEFAULT_RESOLUTION.line : DEFAULT_RESOLUTION.plane);
  return { system, cells: line ? n : n * n };
}

/**
 * The phase portrait of a validated spec, as `uvchaos portrait` computes it: the basins in worker
 * threads (0 workers: on this thread), then the fixed points, cycles, labels, arrows and trajectories.
 */
export function runPortrait(spec: PortraitSpec, plan: PortraitPlan, options: BasinRunOptions): Promise<Portrait> {
  return computePortrait(spec, plan.system, options);
}
