import type { ModelKind } from '../kind/model-kind.js';
import type { z } from 'zod';
import { modelKindOf } from '../models/registry.js';
import { searchCascade } from '../analysis/cascade-search.js';
import type { Regime } from '../analysis/regime.js';
import { attractorColumns, attractorRow, type AttractorRow } from '../io/attractor-table.js';
import { labelledRow } from '../io/fractions-table.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import type { RasterLayout } from '../sweep/raster.js';
import { RegimeWindows, type RegimeWindow } from '../sweep/regime-windows.js';
import type { SweepOutcome } from '../sweep/run-sweep.js';
import type { PointAttractor } from '../sweep/fractions-collector.js';
import { gridValue } from '../sweep/grid.js';
import { runSweepFractions } from './sweep-fractions.js';
import { fractionsColumns } from '../io/fractions-table.js';
import { runOnOwnPool } from './engine-run.js';
import { runSweepSpec } from './sweep-run.js';

export { runSweepSpec, sweepRaster } from './sweep-run.js';
import { checkOptions, resolveWorkers, type RunOptions } from './options.js';
import { specFromObject } from './spec-input.js';
import { SpecError } from '../spec/spec-error.js';
import { initialConditionsRefusal, severalStarts } from '../spec/initial-conditions.js';

/** A sweep spec as written (a spec file's JSON); defaults may be left out. */
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

/**
 * One grid point, keyed by the attractors.csv column names: the swept parameter's name, regime,
 * period, lyap_max, lyap_1 …, lyap_err, <observable>_min/_max, diverged_at, final_<state> … (and the
 * model's extra columns). null where the CSV cell is empty (not defined, e.g. exponents of a
 * diverged point).
 */
export type SweepRow = { [column: string]: number | string | null } & { regime: Regime; period: number };

/** The density image of the attractors, as the bifurcation diagram draws it. */
export interface SweepRaster {
  layout: RasterLayout;
  /** recorded samples per pixel, row-major (row 0 at yMax), layout.columns wide */
  counts: Uint32Array;
  /** recorded samples outside [layout.yMin, layout.yMax] */
  clipped: number;
}

export interface SweepResult {
  /** the spec that ran, every default filled in */
  spec: SweepSpec;
  /** attractors.csv's columns, in order */
  columns: readonly string[];
  /** one row per grid point, in grid order */
  rows: SweepRow[];
  /** grid points per regime */
  regimeCounts: Record<Regime, number>;
  /** maximal runs of equal (period, regime): windows.csv */
  windows: RegimeWindow[];
  /** the bifurcation diagram's density image (render it with renderBifurcationPng from "uvchaos/render") */
  raster: SweepRaster;
  /** with markCascade: the period-doubling points located in the range (marked on the diagram) */
  flips: number[] | null;
  /** with markCascade: why the cascade search stopped before cascade.levels flips, else null */
  cascadeStopped: string | null;
  /**
   * With initialConditions: the attractors at each grid point and one raster per attractor; null
   * without. Then `rows` hold one row per grid point and initial condition (grid-major), with the
   * columns `ic` and `attractor` after the parameter, `raster` is the sum over all runs, and
   * `windows`, `regimeCounts` and `flips` describe the runs of initial condition 0.
   */
  fractions: SweepFractions | null;
}

/** The attractors of a sweep with initialConditions (see FractionsData). */
export interface SweepFractions {
  /** initial conditions per grid point (K) */
  count: number;
  /** per grid point: the parameter value and the attractors present there, labels ascending, then runs still settling (−2), divergence (−1) last */
  points: { value: number; attractors: PointAttractor[] }[];
  /** one density raster per attractor label (no divergence), in `raster.layout`, labels ascending */
  rasters: { label: number; counts: Uint32Array }[];
}

/** Decodes a chunk's grid points into rows. */
function chunkRows(spec: SweepSpec, columns: readonly string[], chunk: ChunkResult, emit: (row: SweepRow) => void): void {
  for (let index = chunk.start; index < chunk.end; index++) emit(decodeRow(spec, columns, chunk, index));
}

/** Grid point `index` of a chunk as a row keyed by column name. */
function decodeRow(spec: SweepSpec, columns: readonly string[], chunk: ChunkResult, index: number): SweepRow {
  const values = attractorRow(spec, chunk, index);
  const row: Record<string, number | string | null> = {};
  columns.forEach((name, c) => (row[name] = values[c]));
  return row as SweepRow;
}

/**
 * Sweeps one parameter over a grid in worker threads, as `uvchaos sweep` does, and returns the
 * attractor table as rows, the windows and the density raster. Owns its worker pool and closes it.
 * Throws SpecError for an invalid spec or option, with the CLI's message.
 */
export async function sweep(spec: SweepSpecInput, options?: RunOptions): Promise<SweepResult> {
  const opts = checkOptions<RunOptions>('sweep', options);
  const used = await specFromObject('sweep', spec, sweepSpecSchema);
  const kind = modelKindOf(used.model);
  if (severalStarts(used)) return sweepFromInitialConditions(kind, used, opts);
  const columns = attractorColumns(kind.info, used);
  const rows: SweepRow[] = [];
  const tracker = new RegimeWindows();
  const periods = new Int32Array(used.sweep.points);
  const outcome = await runSweepSpec(kind, used, { ...opts, workers: resolveWorkers(opts.workers) }, (chunk) =>
    chunkRows(used, columns, chunk, (row) => {
      periods[rows.length] = row.period;
      tracker.add(row[columns[0]] as number, row.period, row.regime);
      rows.push(row);
    }),
  );
  return sweepResult(kind, used, { columns, rows, tracker, periods, outcome }, null);
}

/** A SweepResult from the rows, windows and raster of a run (start 0's periods and windows with several starts). */
function sweepResult(
  kind: ModelKind,
  used: SweepSpec,
  run: { columns: readonly string[]; rows: SweepRow[]; tracker: RegimeWindows; periods: Int32Array; outcome: SweepOutcome },
  fractions: SweepFractions | null,
): SweepResult {
  const { columns, rows, tracker, periods, outcome } = run;
  const cascade = markedCascade(kind, used, periods);
  return {
    spec: used,
    columns,
    rows,
    regimeCounts: tracker.counts,
    windows: tracker.windows,
    raster: { layout: outcome.layout!, counts: outcome.raster!, clipped: outcome.clipped },
    flips: cascade?.flips ?? null,
    cascadeStopped: cascade?.stopped ?? null,
    fractions,
  };
}

/** sweep() of a spec with initialConditions: K runs, their rows labelled by attractor, and the fractions. */
async function sweepFromInitialConditions(kind: ModelKind, used: SweepSpec, opts: RunOptions): Promise<SweepResult> {
  const count = used.initialConditions!.count;
  const points = used.sweep.points;
  const base = attractorColumns(kind.info, used);
  const columns = fractionsColumns(base);
  const runRows: AttractorRow[][] = Array.from({ length: count }, () => []);
  const outcome = await runSweepFractions(kind, used, { ...opts, workers: resolveWorkers(opts.workers) }, (k, chunk) => {
    for (let index = chunk.start; index < chunk.end; index++) runRows[k].push(attractorRow(used, chunk, index));
  });
  const { fractions } = outcome;
  const rows: SweepRow[] = [];
  const tracker = new RegimeWindows();
  const periods = new Int32Array(points);
  for (let index = 0; index < points; index++) {
    for (let k = 0; k < count; k++) {
      const values = labelledRow(runRows[k][index], k, fractions.runLabels[index * count + k]);
      const row: Record<string, number | string | null> = {};
      columns.forEach((name, c) => (row[name] = values[c]));
      rows.push(row as SweepRow);
    }
    const first = runRows[0][index];
    periods[index] = first[2] as number;
    tracker.add(first[0] as number, first[2] as number, first[1] as Regime);
  }
  return sweepResult(
    kind,
    used,
    { columns, rows, tracker, periods, outcome },
    {
      count,
      points: fractions.points.map((attractors, index) => ({ value: gridValue(used.sweep, index), attractors })),
      rasters: fractions.rasters.map(({ label, raster }) => ({ label, counts: raster })),
    },
  );
}

/**
 * With markCascade, the period doublings located in the range (marked on the diagram) and why the
 * search stopped before cascade.levels of them (else null); null without markCascade.
 */
export function markedCascade(kind: ModelKind, spec: SweepSpec, periods: Int32Array): { flips: number[]; stopped: string | null } | null {
  if (!spec.markCascade) return null;
  const report = searchCascade(kind, spec, periods);
  const stopped = report.stopped && report.rows.length < spec.cascade.levels ? report.stopped : null;
  return { flips: report.rows.map((r) => r.value), stopped };
}

/** The rows of a sweep, computed as they are read: for grids too large to hold. */
export interface SweepRowStream extends AsyncIterable<SweepRow> {
  /** the spec that runs, every default filled in */
  readonly spec: SweepSpec;
  /** attractors.csv's columns, in order */
  readonly columns: readonly string[];
}

/** Finished chunks held ahead of the reader before the workers wait. */
const CHUNKS_AHEAD = 2;

/**
 * Validates the spec (throwing SpecError now) and returns its rows as an async iterable: the
 * workers start when iteration starts, run at most a few chunks ahead of the reader, and stop
 * (pool closed) when the loop ends, breaks or throws. No density raster is made. Iterable once.
 */
export async function sweepRows(spec: SweepSpecInput, options?: RunOptions): Promise<SweepRowStream> {
  const opts = checkOptions<RunOptions>('sweepRows', options);
  const used = await specFromObject('sweepRows', spec, sweepSpecSchema);
  const refusal = initialConditionsRefusal(used, 'sweepRows');
  if (refusal) throw new SpecError('sweepRows(spec)', 'initialConditions', `${refusal} (sweep() returns every run)`);
  const kind = modelKindOf(used.model);
  const columns = attractorColumns(kind.info, used);
  let iterated = false;
  return {
    spec: used,
    columns,
    [Symbol.asyncIterator]() {
      if (iterated) throw new Error('sweepRows: the rows of a sweep can be iterated once; call sweepRows again to rerun it');
      iterated = true;
      return streamRows(kind, used, columns, opts);
    },
  };
}

async function* streamRows(kind: ModelKind, spec: SweepSpec, columns: readonly string[], opts: RunOptions): AsyncGenerator<SweepRow> {
  const chunks: ChunkResult[] = [];
  // resolvers of whoever waits: the reader for a chunk, the engine for room in the queue
  const wake: { reader: (() => void) | null; engine: (() => void) | null } = { reader: null, engine: null };
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let settled: { error: unknown } | null = null;
  const backpressure = () =>
    chunks.length < CHUNKS_AHEAD || signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => (wake.engine = resolve));
  const run = runOnOwnPool('sweep', kind, spec, { ...opts, signal, raster: null, backpressure }, (chunk) => {
    chunks.push(chunk);
    wake.reader?.();
  })
    .then(
      () => (settled = { error: null }),
      (error: unknown) => (settled = { error }),
    )
    .finally(() => wake.reader?.());
  try {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk) {
        wake.engine?.();
        for (let index = chunk.start; index < chunk.end; index++) yield decodeRow(spec, columns, chunk, index);
        continue;
      }
      if (settled) {
        const { error } = settled as { error: unknown };
        if (error !== null) throw error;
        return;
      }
      await new Promise<void>((resolve) => (wake.reader = resolve));
      wake.reader = null;
    }
  } finally {
    if (!settled) {
      // the reader stopped early: stop the workers and wait for the pool to close
      stop.abort();
      wake.engine?.();
      await run;
    }
  }
}
