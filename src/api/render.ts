/**
 * The figures of the library's results, as the CLI draws them (same pixels). This is the
 * "uvchaos/render" entry: it needs the optional packages canvas, chart.js and chartjs-node-canvas.
 */
import { modelKindOf } from '../models/registry.js';
import { renderBifurcationFigure } from '../render/bifurcation-figure.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { renderFractionsFigure } from '../render/fractions-figure.js';
import { renderPhaseFigure } from '../render/phase-figure.js';
import { analyticCurves } from '../render/phase-curves.js';
import { renderKindTrajectoryFigure } from '../render/trajectory-figure.js';
import { fractionsFigureInput } from './fractions-figure.js';
import type { PhaseResult } from './phase.js';
import type { SweepResult } from './sweep.js';
import type { TrajectoryResult } from './trajectory.js';

/** The bifurcation diagram of a sweep (`<name>.bifurcation.png`): density of the attractors above, λ_max below. */
export function renderBifurcationPng(result: SweepResult): Promise<Buffer> {
  const { spec, rows } = result;
  const kind = modelKindOf(spec.model).info;
  // several runs per grid point: the one-colour diagram of all of them (rows hold K per point)
  if (result.fractions) {
    const { base } = fractionsFigureInput(kind, { spec, raster: result.raster, fractions: result.fractions });
    return renderBifurcationFigure({ ...base, flips: result.flips ?? undefined });
  }
  const sweep = {
    spec,
    layout: result.raster.layout,
    raster: result.raster.counts,
    lyapMax: Float64Array.from(rows, (row) => (row.lyap_max as number | null) ?? NaN),
    diverged: Uint8Array.from(rows, (row) => (row.regime === 'diverged' ? 1 : 0)),
    settling: Uint8Array.from(rows, (row) => (row.regime === 'settling' ? 1 : 0)),
  };
  return renderBifurcationFigure(bifurcationInput(kind, sweep, result.flips ?? undefined));
}

/**
 * The attractor-fractions figure (`<name>.fractions.png`) of a sweep with initialConditions: the
 * fractions stacked against the parameter, the diagram with each attractor in its own colour,
 * λ_max per attractor. Throws for a sweep without several initial conditions (result.fractions null).
 */
export async function renderFractionsPng(result: SweepResult): Promise<Buffer> {
  if (!result.fractions)
    throw new Error('renderFractionsPng: the sweep has one start per grid point; give its spec initialConditions with count ≥ 2');
  const { spec } = result;
  return renderFractionsFigure(
    fractionsFigureInput(modelKindOf(spec.model).info, { spec, raster: result.raster, fractions: result.fractions }),
  );
}

/**
 * The phase diagram (`<name>.phase.png`): long-run category shaded by early trend above (or the
 * training outcome, classified by outcome), λ_max below.
 */
export async function renderPhasePng(result: PhaseResult): Promise<Buffer> {
  const { spec, category, trend, lyapMax } = result;
  const outcome = spec.outcome ? result.outcome : undefined;
  return renderPhaseFigure({ spec, category, trend, lyapMax, outcome, curves: await analyticCurves(modelKindOf(spec.model).info, spec) });
}

/** The trajectory figure (`<name>.trajectory.png`) of any model kind: the figure its kind draws from the table. */
export async function renderTrajectoryPng(result: TrajectoryResult): Promise<Buffer> {
  return renderKindTrajectoryFigure(await modelKindOf(result.spec.model).trajectory.figure(result.spec, result));
}
