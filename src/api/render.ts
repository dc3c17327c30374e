/**
 * The figures of the library's results, as the CLI draws them (same pixels). This is the
 * "uvchaos/render" entry: it needs the optional packages canvas, chart.js and chartjs-node-canvas.
 */
import { uvConstants } from '../models/uv/constants.js';
import { modelKind } from '../models/kinds.js';
import type { Trajectory } from '../models/uv/trajectory.js';
import { setupMlp } from '../models/mlp/training-setup.js';
import { renderBifurcationFigure } from '../render/bifurcation-figure.js';
import { bifurcationSubtitle } from '../render/bifurcation-subtitle.js';
import { mapTrajectorySubtitle, renderMapTrajectoryFigure } from '../render/map-trajectory-figure.js';
import { renderPhaseFigure } from '../render/phase-figure.js';
import { analyticCurves } from '../render/phase-curves.js';
import { mlpTrajectoryFigureInput, renderTrajectoryFigure, uvTrajectoryFigureInput } from '../render/trajectory-figure.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import { isMlpTrajectory, isUvTrajectory } from '../spec/trajectory-spec.js';
import type { PhaseResult } from './phase.js';
import type { SweepResult } from './sweep.js';
import type { TrajectoryResult } from './trajectory.js';

/** The bifurcation diagram of a sweep (`<name>.bifurcation.png`): density of the attractors above, λ_max below. */
export function renderBifurcationPng(result: SweepResult): Promise<Buffer> {
  const { spec, rows } = result;
  return renderBifurcationFigure({
    spec,
    layout: result.raster.layout,
    raster: result.raster.counts,
    lyapMax: Float64Array.from(rows, (row) => (row.lyap_max as number | null) ?? NaN),
    diverged: Uint8Array.from(rows, (row) => (row.regime === 'diverged' ? 1 : 0)),
    flips: result.flips ?? undefined,
    theoryOnset: modelKind(spec.model).theoryOnset?.(spec) ?? null,
    subtitle: bifurcationSubtitle(spec),
  });
}

/** The phase diagram (`<name>.phase.png`): long-run category shaded by early trend above, λ_max below. */
export async function renderPhasePng(result: PhaseResult): Promise<Buffer> {
  const { spec, category, trend, lyapMax } = result;
  return renderPhaseFigure({ spec, category, trend, lyapMax, curves: await analyticCurves(spec) });
}

/** The trajectory figure (`<name>.trajectory.png`) of any model kind. */
export function renderTrajectoryPng(result: TrajectoryResult): Promise<Buffer> {
  const { spec, columns, length, divergedAtStep } = result;
  const title = spec.title ?? spec.name;
  if (isUvTrajectory(spec)) {
    const c = uvConstants(spec.model);
    const t: Trajectory = { f: columns.f, ntk: columns.ntk, length, divergedAtStep };
    return renderTrajectoryFigure(uvTrajectoryFigureInput(title, t, { eta: spec.eta, eps: c.eps, target: c.target, engine: spec.engine }));
  }
  if (isMlpTrajectory(spec)) {
    // the parameter count in the subtitle: the network as the run built it (its data are small)
    const net = setupMlp(spec.model, 'renderTrajectoryPng').net;
    const t = { columns: { loss: columns.loss, sharpness: columns.sharpness, ntk: columns.ntk }, length, divergedAtStep };
    return renderTrajectoryFigure(mlpTrajectoryFigureInput(title, spec.model, net.parameterCount, spec.eta, t));
  }
  const subtitle = mapTrajectorySubtitle(spec.model as GenericModelSpec, spec.steps, divergedAtStep);
  const names = result.columnNames.slice(1);
  const states = new Float64Array(names.length * length);
  names.forEach((name, c) => states.set(columns[name], c * length));
  return renderMapTrajectoryFigure(title, subtitle, { stateNames: names, states, capacity: length, length, divergedAtStep });
}
