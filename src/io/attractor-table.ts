import { REGIMES, type Regime } from '../analysis/regime.js';
import { resultLayout, type ChunkResult } from '../sweep/chunk.js';
import { gridValue } from '../sweep/grid.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { AtomicFile } from './atomic-file.js';
import { csvRow } from './csv.js';
import { modelKind } from '../models/kinds.js';
import { RegimeWindows, type RegimeWindow } from '../sweep/regime-windows.js';

/** One grid point's row, in table column order. */
export type AttractorRow = (number | string | null)[];

/** The recorded state's names (final_<name> columns). */
export function stateNames(spec: SweepSpec): readonly string[] {
  return modelKind(spec.model).recorded(spec.model);
}

/** Extra per-point columns of the model kind, after the final state. */
export function extraColumns(spec: SweepSpec): readonly string[] {
  return modelKind(spec.model).extraColumns;
}

/** Exponents per point: the full spectrum of a map, or the mlp's chosen number. */
export function exponentCount(spec: SweepSpec): number {
  return modelKind(spec.model).exponents(spec.model, spec.lyapunov.exponents);
}

export function attractorColumns(spec: SweepSpec): string[] {
  const names = stateNames(spec);
  const obs = spec.observable;
  return [
    spec.sweep.parameter,
    'regime',
    'period',
    'lyap_max',
    ...Array.from({ length: exponentCount(spec) }, (_, c) => `lyap_${c + 1}`),
    'lyap_err',
    `${obs}_min`,
    `${obs}_max`,
    'diverged_at',
    ...names.map((name) => `final_${name}`),
    ...extraColumns(spec),
  ];
}

/** Reads grid point `index` (absolute) out of a chunk result as a table row. */
export function attractorRow(spec: SweepSpec, result: ChunkResult, index: number): AttractorRow {
  const n = result.end - result.start;
  const i = index - result.start;
  const k = result.dimension;
  const e = result.exponents ?? k;
  const layout = resultLayout(result);
  const float = (field: number) => finiteOrNull(result.floats[field * n + i]);
  const regime = REGIMES[result.ints[n + i]];
  const divergedAt = result.ints[2 * n + i];
  const exponents = Array.from({ length: e }, (_, c) => float(layout.lyap + c));
  // λ₁ leads in the limit; over a finite record another estimate can come out larger
  const finite = exponents.filter((e): e is number => e !== null);
  const lyapMax = finite.length ? Math.max(...finite) : null;
  return [
    gridValue(spec.sweep, index),
    regime,
    result.ints[i],
    lyapMax,
    ...exponents,
    float(layout.lyapErr),
    float(layout.obsMin),
    float(layout.obsMax),
    divergedAt >= 0 ? divergedAt : null,
    ...Array.from({ length: k }, (_, c) => float(layout.final + c)),
    ...Array.from({ length: result.extras ?? 0 }, (_, c) => float(layout.extra + c)),
  ];
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Streams rows into <name>.attractors.csv and <name>.attractors.json as chunks arrive in grid
 * order, and cuts the grid into windows of equal (period, regime).
 */
export class AttractorTableWriter {
  private readonly columns: string[];
  private firstJsonRow = true;
  private readonly tracker = new RegimeWindows();
  readonly windows: readonly RegimeWindow[] = this.tracker.windows;
  readonly regimeCounts: Record<Regime, number> = this.tracker.counts;
  /** λ_max per grid point, for the figure's Lyapunov panel */
  readonly lyapMax: Float64Array;
  /** 1 where a grid point diverged, for the figure's shading */
  readonly diverged: Uint8Array;
  /** period per grid point (the coarse scan for locating the cascade) */
  readonly periods: Int32Array;

  constructor(
    private readonly spec: SweepSpec,
    private readonly csv: AtomicFile,
    private readonly json: AtomicFile,
    meta: { tool: string; version: string },
  ) {
    this.columns = attractorColumns(spec);
    this.lyapMax = new Float64Array(spec.sweep.points).fill(NaN);
    this.diverged = new Uint8Array(spec.sweep.points);
    this.periods = new Int32Array(spec.sweep.points);
    csv.write(csvRow(this.columns));
    json.write(`{\n"tool": ${JSON.stringify(meta.tool)},\n"version": ${JSON.stringify(meta.version)},\n"spec": ${JSON.stringify(spec)},\n"columns": ${JSON.stringify(this.columns)},\n"rows": [\n`);
  }

  writeChunk(result: ChunkResult): void {
    const lines: string[] = [];
    const jsonLines: string[] = [];
    for (let index = result.start; index < result.end; index++) {
      const row = attractorRow(this.spec, result, index);
      lines.push(csvRow(row));
      const record: Record<string, unknown> = {};
      this.columns.forEach((name, c) => (record[name] = row[c]));
      jsonLines.push((this.firstJsonRow ? '' : ',\n') + JSON.stringify(record));
      this.firstJsonRow = false;
      this.tracker.add(row[0] as number, row[2] as number, row[1] as Regime);
      this.lyapMax[index] = (row[3] as number | null) ?? NaN;
      this.diverged[index] = row[1] === 'diverged' ? 1 : 0;
      this.periods[index] = row[2] as number;
    }
    this.csv.write(lines.join(''));
    this.json.write(jsonLines.join(''));
  }

  /** Closes the JSON with a summary; the caller commits the files. */
  finish(summary: Record<string, unknown>): void {
    this.json.write(`\n],\n"summary": ${JSON.stringify(summary)}\n}\n`);
  }

  windowsCsv(): string {
    return csvRow(['from', 'to', 'period', 'regime', 'points']) + this.windows.map((w) => csvRow([w.from, w.to, w.period, w.regime, w.points])).join('');
  }
}
