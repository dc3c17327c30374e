import { REGIME_CODE, REGIMES, type Regime } from '../analysis/regime.js';
import { EARLY_TRENDS, PHASE_CATEGORIES } from '../render/phase-categories.js';
import type { PhaseSpec } from '../spec/phase-spec.js';
import { csvRow } from '../io/csv.js';
import { resultLayout, type ChunkResult, type PhasePlane } from './chunk.js';
import { gridValue } from './grid.js';

/** The plane a phase spec's cells run over. */
export function phasePlane(spec: PhaseSpec): PhasePlane {
  return { x: spec.grid.x, y: spec.grid.y, earlySteps: spec.early.steps, earlyThreshold: spec.early.threshold };
}

/** One cell of a phase diagram, decoded from the sweep engine's chunk result. */
export interface PhaseCell {
  /** index into PHASE_CATEGORIES */
  category: number;
  /** index into EARLY_TRENDS, −1 if the run diverged within the early window */
  trend: number;
  /** sharpness after early.steps over the initial sharpness (NaN if it diverged first) */
  ratio: number;
  regime: Regime;
  period: number;
  /** the largest finite exponent (NaN if none) */
  lyapMax: number;
}

/** A cell's index into PHASE_CATEGORIES from its regime code and period. */
function phaseCategory(regime: number, period: number): number {
  if (regime === REGIME_CODE.diverged) return 5;
  if (regime === REGIME_CODE.settling) return 6;
  if (regime === REGIME_CODE.chaotic) return 4;
  // quasiperiodic is kept apart from chaos: an mlp at the edge of stability drifts along it
  // (λ_max ≈ 0, no exact period), which is not chaos
  if (regime === REGIME_CODE.quasiperiodic) return 3;
  return period === 1 ? 0 : period === 2 ? 1 : 2;
}

/** Cell `i` of a chunk (grid index chunk.start + i). */
export function phaseCell(plane: PhasePlane, chunk: ChunkResult, i: number): PhaseCell {
  const n = chunk.end - chunk.start;
  const layout = resultLayout(chunk);
  const ratio = chunk.earlyRatio ? chunk.earlyRatio[i] : NaN;
  const threshold = plane.earlyThreshold;
  const trend = Number.isFinite(ratio) ? (ratio < 1 - threshold ? 0 : ratio > 1 + threshold ? 2 : 1) : -1;
  const regime = chunk.ints[n + i];
  const period = chunk.ints[i];
  let lyapMax = NaN;
  for (let e = 0; e < (chunk.exponents ?? chunk.dimension); e++) {
    const value = chunk.floats[(layout.lyap + e) * n + i];
    if (Number.isFinite(value) && !(value <= lyapMax)) lyapMax = value;
  }
  const category = phaseCategory(regime, period);
  return { category, trend, ratio, regime: REGIMES[regime], period, lyapMax };
}

/** The phase.csv columns: both parameters, early, sharpness_ratio, regime, period, lyap_max. */
export function phaseColumns(spec: PhaseSpec): string[] {
  return [spec.grid.x.parameter, spec.grid.y.parameter, 'early', 'sharpness_ratio', 'regime', 'period', 'lyap_max'];
}

/** A cell's phase.csv row, in phaseColumns order (null for an empty cell). */
export function phaseCellRow(plane: PhasePlane, cell: number, c: PhaseCell): (number | string | null)[] {
  const { x, y } = plane;
  return [
    gridValue(x, cell % x.points),
    gridValue(y, Math.floor(cell / x.points)),
    c.trend < 0 ? null : EARLY_TRENDS[c.trend as 0 | 1 | 2],
    Number.isFinite(c.ratio) ? c.ratio : null,
    c.regime,
    c.period,
    Number.isFinite(c.lyapMax) ? c.lyapMax : null,
  ];
}

/** The per-cell arrays of a phase diagram (what its figure draws), filled as chunks arrive. */
export class PhaseCells {
  /** index into PHASE_CATEGORIES, −1 until computed */
  readonly category: Int8Array;
  /** index into EARLY_TRENDS, −1 if undefined */
  readonly trend: Int8Array;
  /** λ_max, NaN if undefined */
  readonly lyapMax: Float64Array;
  /** cells per long-run category */
  readonly counts = Object.fromEntries(PHASE_CATEGORIES.map((c) => [c, 0])) as Record<(typeof PHASE_CATEGORIES)[number], number>;

  readonly plane: PhasePlane;

  constructor(spec: PhaseSpec) {
    this.plane = phasePlane(spec);
    const cells = spec.grid.x.points * spec.grid.y.points;
    this.category = new Int8Array(cells).fill(-1);
    this.trend = new Int8Array(cells).fill(-1);
    this.lyapMax = new Float64Array(cells).fill(NaN);
  }

  /** Decodes and stores cell `i` of a chunk (grid index chunk.start + i). */
  add(chunk: ChunkResult, i: number): PhaseCell {
    const c = phaseCell(this.plane, chunk, i);
    const cell = chunk.start + i;
    this.category[cell] = c.category;
    this.trend[cell] = c.trend;
    this.lyapMax[cell] = c.lyapMax;
    this.counts[PHASE_CATEGORIES[c.category]]++;
    return c;
  }
}

/**
 * A chunk's phase.csv lines as UTF-8 bytes, made in the worker that computed it (the same text
 * phaseCellRow and csvRow give on the main thread); no JSON.
 */
export function formatPhaseChunkText(plane: PhasePlane, chunk: ChunkResult): { csv: Uint8Array; json: Uint8Array } {
  const lines: string[] = [];
  for (let i = 0; i < chunk.end - chunk.start; i++) lines.push(csvRow(phaseCellRow(plane, chunk.start + i, phaseCell(plane, chunk, i))));
  return { csv: utf8.encode(lines.join('')), json: new Uint8Array(0) };
}

const utf8 = new TextEncoder();
