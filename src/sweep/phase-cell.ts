import { REGIME_CODE, REGIMES, type Regime } from '../analysis/regime.js';
import { EARLY_TRENDS, OUTCOMES, PHASE_CATEGORIES, type Outcome } from '../render/phase-categories.js';
import type { PhaseSpec } from '../spec/phase-spec.js';
import { csvRow } from '../io/csv.js';
import { resultLayout, type ChunkResult, type PhasePlane } from './chunk.js';
import { gridValue } from './grid.js';
import { classifyOutcome } from './training-outcome.js';

/** The plane a phase spec's cells run over. */
export function phasePlane(spec: PhaseSpec): PhasePlane {
  const plane: PhasePlane = { x: spec.grid.x, y: spec.grid.y, earlySteps: spec.early.steps, earlyThreshold: spec.early.threshold };
  // only when asked: a plane without it is the one every older phase spec ran (and journaled)
  if (spec.outcome) plane.outcome = spec.outcome;
  return plane;
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
  /** index into OUTCOMES, −1 unless the plane classifies by outcome */
  outcome: number;
  /** initial, largest and final full-batch loss (NaN unless the plane classifies by outcome) */
  lossInitial: number;
  lossMax: number;
  lossFinal: number;
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
  const stats = chunk.lossStats;
  const lossInitial = stats ? stats[i] : NaN;
  const lossMax = stats ? stats[n + i] : NaN;
  const lossFinal = stats ? stats[2 * n + i] : NaN;
  const outcome = plane.outcome
    ? classifyOutcome({ initial: lossInitial, largest: lossMax, final: lossFinal }, regime === REGIME_CODE.diverged, plane.outcome)
    : -1;
  return { category, trend, ratio, regime: REGIMES[regime], period, lyapMax, outcome, lossInitial, lossMax, lossFinal };
}

/** The columns a phase diagram classified by outcome adds after lyap_max. */
export const OUTCOME_COLUMNS = ['outcome', 'loss_initial', 'loss_max', 'loss_final'] as const;

/** The phase.csv columns: both parameters, early, sharpness_ratio, regime, period, lyap_max (and OUTCOME_COLUMNS by outcome). */
export function phaseColumns(spec: PhaseSpec): string[] {
  const columns = [spec.grid.x.parameter, spec.grid.y.parameter, 'early', 'sharpness_ratio', 'regime', 'period', 'lyap_max'];
  return spec.outcome ? [...columns, ...OUTCOME_COLUMNS] : columns;
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
    ...(plane.outcome ? [OUTCOMES[c.outcome], finiteOrNull(c.lossInitial), finiteOrNull(c.lossMax), finiteOrNull(c.lossFinal)] : []),
  ];
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** The per-cell arrays of a phase diagram (what its figure draws), filled as chunks arrive. */
export class PhaseCells {
  /** index into PHASE_CATEGORIES, −1 until computed */
  readonly category: Int8Array;
  /** index into EARLY_TRENDS, −1 if undefined */
  readonly trend: Int8Array;
  /** λ_max, NaN if undefined */
  readonly lyapMax: Float64Array;
  /** index into OUTCOMES, −1 unless classified by outcome */
  readonly outcome: Int8Array;
  /** cells per outcome, when the plane classifies by outcome */
  readonly outcomeCounts: Record<Outcome, number> | undefined;
  /** cells per long-run category */
  readonly counts = Object.fromEntries(PHASE_CATEGORIES.map((c) => [c, 0])) as Record<(typeof PHASE_CATEGORIES)[number], number>;

  readonly plane: PhasePlane;

  constructor(spec: PhaseSpec) {
    this.plane = phasePlane(spec);
    const cells = spec.grid.x.points * spec.grid.y.points;
    this.category = new Int8Array(cells).fill(-1);
    this.trend = new Int8Array(cells).fill(-1);
    this.lyapMax = new Float64Array(cells).fill(NaN);
    this.outcome = new Int8Array(cells).fill(-1);
    this.outcomeCounts = this.plane.outcome ? (Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>) : undefined;
  }

  /** Decodes and stores cell `i` of a chunk (grid index chunk.start + i). */
  add(chunk: ChunkResult, i: number): PhaseCell {
    const c = phaseCell(this.plane, chunk, i);
    const cell = chunk.start + i;
    this.category[cell] = c.category;
    this.trend[cell] = c.trend;
    this.lyapMax[cell] = c.lyapMax;
    this.counts[PHASE_CATEGORIES[c.category]]++;
    this.outcome[cell] = c.outcome;
    if (this.outcomeCounts) this.outcomeCounts[OUTCOMES[c.outcome]]++;
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
