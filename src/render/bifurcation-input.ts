import type { ModelKindInfo } from '../kind/model-kind-info.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { RasterLayout } from '../sweep/raster.js';
import type { BifurcationFigureInput } from './bifurcation-figure.js';
import { bifurcationSubtitle } from './bifurcation-subtitle.js';

/** What a sweep gives the bifurcation figure: its density raster and the per-point λ_max and divergence. */
export interface BifurcationSweep {
  spec: SweepSpec;
  layout: RasterLayout;
  raster: Uint32Array;
  /** λ_max per grid point (NaN where diverged) */
  lyapMax: Float64Array;
  /** 1 where a grid point diverged */
  diverged: Uint8Array;
  /** 1 where a grid point is settling (absent: none) */
  settling?: Uint8Array;
}

/**
 * The bifurcation figure's input for a sweep of a model kind, the one builder behind
 * `uvchaos sweep`, renderBifurcationPng and the explorer's frames and PNG export: the kind gives
 * the labels, the subtitle and the theory's onset; `flips` (markCascade) are marked.
 */
export function bifurcationInput(kind: ModelKindInfo, sweep: BifurcationSweep, flips?: number[]): BifurcationFigureInput {
  const { spec } = sweep;
  return {
    spec,
    layout: sweep.layout,
    raster: sweep.raster,
    lyapMax: sweep.lyapMax,
    diverged: sweep.diverged,
    settling: sweep.settling,
    flips,
    theoryOnset: kind.theoryOnset?.(spec) ?? null,
    subtitle: bifurcationSubtitle(kind, spec),
    kind,
  };
}
