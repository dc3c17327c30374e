import type { z } from 'zod';
import { PHASE_CATEGORIES, type Outcome } from '../render/phase-categories.js';
import { phaseAsSweep, phaseSpecSchema, type PhaseSpec } from '../spec/phase-spec.js';
import { PhaseCells, phaseCellRow, phaseColumns, type PhaseCell } from '../sweep/phase-cell.js';
import type { ChunkResult } from '../sweep/chunk.js';
import type { ModelKind } from '../kind/model-kind.js';
import { modelKindOf } from '../models/registry.js';
import { runEngine, type EngineOptions } from './engine-run.js';
import { checkOptions, resolveWorkers, type RunOptions } from './options.js';
import { specFromObject } from './spec-input.js';
import type { Regime } from '../analysis/regime.js';

/** A phase spec as written (a spec file's JSON); defaults may be left out. */
export type PhaseSpecInput = z.input<typeof phaseSpecSchema>;

/**
 * One cell, keyed by the phase.csv column names: the x parameter (eta), the y parameter, early
 * ("reduction" | "flat" | "sharpening", null if the run diverged first), sharpness_ratio, regime,
 * period, lyap_max (null where the CSV cell is empty); classified by outcome, also outcome
 * ("trains" | "catapult then trains" | "stuck" | "diverges"), loss_initial, loss_max, loss_final.
 */
export type PhaseRow = { [column: string]: number | string | null } & { regime: Regime; period: number };

export interface PhaseResult {
  /** the spec that ran, every default filled in */
  spec: PhaseSpec;
  /** phase.csv's columns, in order */
  columns: readonly string[];
  /** one row per cell, x fastest (cell = ix + iy · grid.x.points) */
  rows: PhaseRow[];
  /** per cell: index into PHASE_CATEGORIES (the figure's upper panel) */
  category: Int8Array;
  /** per cell: index into EARLY_TRENDS (reduction, flat, sharpening), −1 if undefined */
  trend: Int8Array;
  /** per cell: λ_max, NaN if undefined */
  lyapMax: Float64Array;
  /** cells per long-run category, keyed by PHASE_CATEGORIES */
  counts: Record<(typeof PHASE_CATEGORIES)[number], number>;
  /** per cell: index into OUTCOMES (trains, catapult then trains, stuck, diverges), −1 unless classified by outcome */
  outcome: Int8Array;
  /** classified by outcome (spec.classify "outcome"): cells per outcome, keyed by OUTCOMES */
  outcomes?: Record<Outcome, number>;
}

/**
 * A phase diagram over (η, another parameter) of the UV model or an mlp, as `uvchaos phase` does:
 * every cell's early sharpness trend and long-run regime (and, for an mlp classified by outcome,
 * its training outcome). Owns its worker pool and closes it.
 * Throws SpecError for an invalid spec or option.
 */
export async function phase(spec: PhaseSpecInput, options?: RunOptions): Promise<PhaseResult> {
  const opts = checkOptions<RunOptions>('phase', options);
  const used = await specFromObject('phase', spec, phaseSpecSchema);
  const columns = phaseColumns(used);
  const rows: PhaseRow[] = [];
  const grid = new PhaseCells(used);
  await runPhaseSpec(modelKindOf(used.model), used, grid, { ...opts, workers: resolveWorkers(opts.workers) }, (chunk, cells) => {
    cells.forEach((cell, i) => {
      const values = phaseCellRow(grid.plane, chunk.start + i, cell);
      const row: Record<string, number | string | null> = {};
      columns.forEach((name, k) => (row[name] = values[k]));
      rows.push(row as PhaseRow);
    });
  });
  return {
    spec: used,
    columns,
    rows,
    category: grid.category,
    trend: grid.trend,
    lyapMax: grid.lyapMax,
    counts: grid.counts,
    outcome: grid.outcome,
    ...(grid.outcomeCounts ? { outcomes: grid.outcomeCounts } : {}),
  };
}

/**
 * A validated phase spec on the engine, for phase() and `uvchaos phase` alike: the grid run as an
 * x × y plane, each chunk's cells stored in `grid` and handed to `onChunk` decoded, in grid order.
 */
export async function runPhaseSpec(
  kind: ModelKind,
  spec: PhaseSpec,
  grid: PhaseCells,
  options: Omit<EngineOptions, 'raster' | 'plane'>,
  onChunk: (chunk: ChunkResult, cells: PhaseCell[]) => void,
): Promise<void> {
  await runEngine('phase', kind, phaseAsSweep(spec), { ...options, raster: null, plane: grid.plane }, (chunk) => {
    const cells: PhaseCell[] = [];
    for (let i = 0; i < chunk.end - chunk.start; i++) cells.push(grid.add(chunk, i));
    onChunk(chunk, cells);
  });
}
