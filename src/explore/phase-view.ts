import type { Piscina } from 'piscina';
import { z } from 'zod';
import { modelKindOf } from '../models/registry.js';
import { PARAMETER_LABEL } from '../render/bifurcation-figure.js';
import { lyapunovColour, lyapunovColourLimit } from '../render/lyapunov-colour-scale.js';
import { PHASE_CATEGORIES } from '../render/phase-categories.js';
import { analyticCurves } from '../render/phase-curves.js';
import { cellColor } from '../render/phase-figure.js';
import { niceTicks } from '../render/ticks.js';
import { validateSpec } from '../spec/load-spec.js';
import { phaseAsSweep, phaseSpecSchema, type PhaseSpec } from '../spec/phase-spec.js';
import { SpecError } from '../spec/spec-error.js';
import { numberText } from './view-params.js';
import { gridExtent, gridValue } from '../sweep/grid.js';
import { PhaseCells } from '../sweep/phase-cell.js';
import { runSweep } from '../sweep/run-sweep.js';
import { ApiError } from './api-error.js';
import { EXPLORE_LIMITS } from './explore-limits.js';
import { pointOrbit, type PointOrbit } from './orbit.js';

/** The phase spec the explorer was started on: its file, its JSON as written, and the validated spec. */
export interface PhaseBase {
  file: string;
  raw: Record<string, unknown>;
  spec: PhaseSpec;
}

/** A phase view: the plane's x and y ranges (the cell counts are the spec's). */
const planeShape = { xfrom: numberText.optional(), xto: numberText.optional(), yfrom: numberText.optional(), yto: numberText.optional() };
export const phaseQuery = z.strictObject({
  ...planeShape,
  channel: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 letters, digits, _ or -')
    .optional(),
});
/** A phase view and one cell (ix along x, iy along y, from the bottom). */
export const phaseCellQuery = z.strictObject({
  ...planeShape,
  ix: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number),
  iy: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number),
});
export type PhaseQuery = Omit<z.output<typeof phaseQuery>, 'channel'>;

const FIELD: Record<string, string> = { 'grid.x.from': 'xfrom', 'grid.x.to': 'xto', 'grid.y.from': 'yfrom', 'grid.y.to': 'yto' };

/** The phase spec of a view: the base spec's JSON with the plane's ranges put in, validated as `uvchaos phase` would. */
export function phaseViewSpec(base: PhaseBase, view: PhaseQuery): PhaseSpec {
  const grid = base.raw.grid as { x: object; y: object };
  const x = { ...grid.x, ...(view.xfrom !== undefined ? { from: view.xfrom } : {}), ...(view.xto !== undefined ? { to: view.xto } : {}) };
  const y = { ...grid.y, ...(view.yfrom !== undefined ? { from: view.yfrom } : {}), ...(view.yto !== undefined ? { to: view.yto } : {}) };
  let spec: PhaseSpec;
  try {
    spec = validateSpec(base.file, { ...base.raw, grid: { ...grid, x, y } }, phaseSpecSchema);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const field = (err.field && FIELD[err.field]) ?? err.field ?? 'view';
    throw new ApiError(400, `${field}: ${err.field ?? ''}: ${err.detail}`, field);
  }
  const cells = spec.grid.x.points * spec.grid.y.points;
  const steps = cells * (spec.transient + spec.record);
  if (steps > EXPLORE_LIMITS.budget) {
    const message = `cells × (transient + record) = ${cells} × ${spec.transient + spec.record} = ${steps.toExponential(2)} steps, over the explorer's budget of ${EXPLORE_LIMITS.budget.toExponential(0)}; run uvchaos phase`;
    throw new ApiError(413, message, 'xfrom', EXPLORE_LIMITS.budget);
  }
  return { ...spec, model: base.spec.model };
}

/** Every cell of the view's plane, computed on the shared pool (cancelled by `signal`). */
export async function runPhaseView(spec: PhaseSpec, pool: Piscina, workers: number, signal: AbortSignal): Promise<PhaseCells> {
  const grid = new PhaseCells(spec);
  await runSweep(
    modelKindOf(spec.model),
    phaseAsSweep(spec),
    { pool, workers, signal, keepWorkersOnAbort: true, raster: null, plane: grid.plane },
    (chunk) => {
      for (let i = 0; i < chunk.end - chunk.start; i++) grid.add(chunk, i);
    },
  );
  return grid;
}

interface Axis {
  parameter: string;
  label: string;
  from: number;
  to: number;
  points: number;
  /** the plane's edges: half a cell beyond the first and last grid values */
  min: number;
  max: number;
  log: boolean;
  ticks: number[];
}

function axisOf(axis: PhaseSpec['grid']['x']): Axis {
  const [min, max] = gridExtent(axis);
  const log = axis.spacing === 'log';
  const ticks = log ? [] : niceTicks(min, max, 8).filter((t) => t >= min && t <= max);
  const { parameter, from, to, points } = axis;
  return { parameter, label: PARAMETER_LABEL[parameter] ?? parameter, from, to, points, min, max, log, ticks };
}

/**
 * What the phase page draws: the regime and λ_max of every cell as RGB bytes (base64, x fastest,
 * row 0 at the bottom), coloured as `uvchaos phase` colours them, the counts per category, and the
 * analytic boundaries as polylines over the plane.
 */
export async function phaseFrame(spec: PhaseSpec, grid: PhaseCells, seconds: number) {
  const cells = spec.grid.x.points * spec.grid.y.points;
  const regime = Buffer.alloc(3 * cells);
  const lyap = Buffer.alloc(3 * cells);
  const limit = lyapunovColourLimit(grid.lyapMax);
  for (let c = 0; c < cells; c++) {
    const r = grid.category[c] < 0 ? [255, 255, 255] : cellColor(grid.category[c], grid.trend[c]);
    regime.set(r, 3 * c);
    lyap.set(lyapunovColour(grid.lyapMax[c], limit), 3 * c);
  }
  const x = axisOf(spec.grid.x);
  const y = axisOf(spec.grid.y);
  const curves = (await analyticCurves(modelKindOf(spec.model).info, spec)).map((curve) => ({
    label: curve.label,
    color: curve.color,
    dash: curve.dash,
    points: Array.from({ length: 201 }, (_, i) => {
      const yv = y.min + ((y.max - y.min) * i) / 200;
      const xv = curve.xOf(yv);
      return [Number.isFinite(xv) && xv >= x.min && xv <= x.max ? xv : null, yv];
    }),
  }));
  return {
    x,
    y,
    regime: regime.toString('base64'),
    lyap: lyap.toString('base64'),
    lyapLimit: limit,
    categories: PHASE_CATEGORIES.map((label, c) => ({ label, rgb: cellColor(c, 1) })),
    counts: grid.counts,
    category: Array.from(grid.category),
    lyapMax: Array.from(grid.lyapMax, (v) => (Number.isFinite(v) ? v : null)),
    curves,
    seconds,
  };
}

/** One cell's orbit: the plane's task for that cell alone, its recorded η × sharpness and its table row. */
export function phaseCellOrbit(
  spec: PhaseSpec,
  ix: number,
  iy: number,
  pool: Piscina,
  signal: AbortSignal,
): Promise<PointOrbit & { x: number; y: number }> {
  const { x, y } = spec.grid;
  if (ix >= x.points) throw new ApiError(400, `ix: expected a cell index below ${x.points}, got ${ix}`, 'ix');
  if (iy >= y.points) throw new ApiError(400, `iy: expected a cell index below ${y.points}, got ${iy}`, 'iy');
  const grid = new PhaseCells(spec);
  const [xv, yv] = [gridValue(x, ix), gridValue(y, iy)];
  return pointOrbit(phaseAsSweep(spec), iy * x.points + ix, pool, signal, grid.plane).then((orbit) => {
    // the table row names its parameter column after the plane's stand-in sweep: put the cell's own values in
    const row = { ...orbit.row, [x.parameter]: xv, [y.parameter]: yv };
    return { ...orbit, row, value: xv, x: xv, y: yv };
  });
}
