import type { ModelKindInfo } from '../kind/model-kind-info.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { DIVERGED_LABEL, SETTLING_LABEL } from '../render/attractor-colours.js';
import type { FigureAttractor, FractionsFigureInput } from '../render/fractions-figure-input.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { SweepFractions, SweepRaster } from './sweep.js';

/** What the fractions figure needs of a sweep with initialConditions (a SweepResult has it). */
export interface FractionsSweep {
  spec: SweepSpec;
  raster: SweepRaster;
  fractions: SweepFractions;
}

/**
 * The attractor-fractions figure's input (render/fractions-figure-input.ts) of a sweep with
 * initialConditions. `base` is the one-colour diagram of every run: the summed raster, per grid
 * point the mean λ_max over the runs that did not diverge (weighted by runs), and divergence where
 * every run diverged. Each attractor is named by its label and the period it has at most of its
 * grid points ("A1: period 2", "A2: no period" for chaotic or quasiperiodic ones); runs still
 * settling are "still settling". Legend order: labels ascending, then settling, divergence last.
 */
export function fractionsFigureInput(kind: ModelKindInfo, sweep: FractionsSweep): FractionsFigureInput {
  const { spec, fractions } = sweep;
  const n = fractions.points.length;
  const lyapMax = new Float64Array(n).fill(NaN);
  const diverged = new Uint8Array(n);
  const byLabel = new Map<number, { fraction: Float64Array; lyapMax: Float64Array; periods: Map<number, number> }>();
  fractions.points.forEach(({ attractors }, i) => {
    let sum = 0;
    let runs = 0;
    for (const a of attractors) {
      let entry = byLabel.get(a.label);
      if (!entry) {
        entry = { fraction: new Float64Array(n), lyapMax: new Float64Array(n).fill(NaN), periods: new Map() };
        byLabel.set(a.label, entry);
      }
      entry.fraction[i] = a.fraction;
      entry.lyapMax[i] = a.lyap_max_mean;
      entry.periods.set(a.period, (entry.periods.get(a.period) ?? 0) + 1);
      if (a.label === DIVERGED_LABEL) {
        if (a.runs === fractions.count) diverged[i] = 1;
      } else if (!Number.isNaN(a.lyap_max_mean)) {
        sum += a.lyap_max_mean * a.runs;
        runs += a.runs;
      }
    }
    if (runs > 0) lyapMax[i] = sum / runs;
  });
  const rasters = new Map(fractions.rasters.map((r) => [r.label, r.counts]));
  const labels = [...byLabel.keys()].sort((a, b) => legendRank(a) - legendRank(b));
  const attractors: FigureAttractor[] = labels.map((label) => {
    const entry = byLabel.get(label)!;
    return {
      label,
      name:
        label === DIVERGED_LABEL
          ? 'diverged'
          : label === SETTLING_LABEL
            ? 'still settling'
            : `A${label}: ${periodName(mostFrequent(entry.periods))}`,
      raster: label === DIVERGED_LABEL ? null : (rasters.get(label) ?? new Uint32Array(sweep.raster.counts.length)),
      fraction: entry.fraction,
      lyapMax: entry.lyapMax,
    };
  });
  const base = bifurcationInput(kind, { spec, layout: sweep.raster.layout, raster: sweep.raster.counts, lyapMax, diverged });
  return { base, count: fractions.count, attractors };
}

/** Attractors by label, then the runs still settling, then divergence. */
function legendRank(label: number): number {
  return label >= 0 ? label : label === SETTLING_LABEL ? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER;
}

function mostFrequent(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = -1;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

function periodName(period: number): string {
  return period > 0 ? `period ${period}` : 'no period';
}
