import { basename } from 'node:path';
import { REGIMES, type Regime } from '../analysis/regime.js';
import { resultLayout, type ChunkResult } from '../sweep/chunk.js';
import { gridValue } from '../sweep/grid.js';
import type { ModelKindInfo } from '../kind/model-kind-info.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { AtomicFile } from './atomic-file.js';
import { attractorParquetColumns } from './attractor-parquet.js';
import { csvCell, csvRow } from './csv.js';
import { ParquetTableWriter, runMetadata, type ParquetColumn } from './parquet-table.js';
import { RegimeWindows, type RegimeWindow } from '../sweep/regime-windows.js';

/**
 * Above this many rows attractors.json stops repeating them (a million rows as JSON objects are
 * 300 MB nobody loads) and names the CSV/Parquet files that hold them.
 */
export const JSON_ROW_LIMIT = 100_000;

/** One grid point's row, in table column order. */
export type AttractorRow = (number | string | null)[];

/** The recorded state's names (final_<name> columns). */
export function stateNames(kind: ModelKindInfo, spec: SweepSpec): readonly string[] {
  return kind.recorded(spec.model);
}

/** Extra per-point columns of the model kind, after the final state. */
export function extraColumns(kind: ModelKindInfo): readonly string[] {
  return kind.extraColumns;
}

/** Exponents per point: the full spectrum of a map, or the mlp's chosen number. */
export function exponentCount(kind: ModelKindInfo, spec: SweepSpec): number {
  return kind.exponents(spec.model, spec.lyapunov.exponents);
}

/** The attractor table's columns, for a sweep of the given kind. */
export function attractorColumns(kind: ModelKindInfo, spec: SweepSpec): string[] {
  const names = stateNames(kind, spec);
  const obs = spec.observable;
  return [
    spec.sweep.parameter,
    'regime',
    'period',
    'lyap_max',
    ...Array.from({ length: exponentCount(kind, spec) }, (_, c) => `lyap_${c + 1}`),
    'lyap_err',
    `${obs}_min`,
    `${obs}_max`,
    'diverged_at',
    ...names.map((name) => `final_${name}`),
    ...extraColumns(kind),
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

/**
 * A chunk's table as columns, in attractorColumns order: attractorRow's cells for every point of
 * the chunk, with NaN for an empty cell. The figures are the worker's typed arrays, read in place,
 * so a Parquet table of a million rows builds no row objects.
 */
export function attractorChunkColumns(spec: SweepSpec, result: ChunkResult): ArrayLike<number | string | null>[] {
  const n = result.end - result.start;
  const k = result.dimension;
  const e = result.exponents ?? k;
  const layout = resultLayout(result);
  const field = (f: number) => result.floats.subarray(f * n, (f + 1) * n);
  const value = new Float64Array(n);
  const regime = new Array<string>(n);
  const lyapMax = new Float64Array(n);
  const divergedAt = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    value[i] = gridValue(spec.sweep, result.start + i);
    regime[i] = REGIMES[result.ints[n + i]];
    const step = result.ints[2 * n + i];
    divergedAt[i] = step >= 0 ? step : null;
    // as attractorRow: the largest finite exponent (Math.max, so +0 beats −0)
    let max = NaN;
    for (let c = 0; c < e; c++) {
      const x = result.floats[(layout.lyap + c) * n + i];
      if (Number.isFinite(x)) max = Number.isNaN(max) ? x : Math.max(max, x);
    }
    lyapMax[i] = max;
  }
  return [
    value,
    regime,
    result.ints.subarray(0, n),
    lyapMax,
    ...Array.from({ length: e }, (_, c) => field(layout.lyap + c)),
    field(layout.lyapErr),
    field(layout.obsMin),
    field(layout.obsMax),
    divergedAt,
    ...Array.from({ length: k }, (_, c) => field(layout.final + c)),
    ...Array.from({ length: result.extras ?? 0 }, (_, c) => field(layout.extra + c)),
  ];
}

/** The rows of a chunk's columns (attractorChunkColumns), for the text tables: NaN is an empty cell there. */
function chunkRows(columns: readonly ArrayLike<number | string | null>[], n: number): AttractorRow[] {
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i]));
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Streams rows into <name>.attractors.csv and/or <name>.attractors.parquet and into
 * <name>.attractors.json (up to JSON_ROW_LIMIT rows) in parameter order, and cuts
 * them into windows of equal (period, regime). Rows start with the parameter, regime, period and
 * λ_max, in that order; `header` is what the JSON records as its "spec". The sweep writes grid
 * chunks (AttractorTableWriter); analyze writes the rows of logged runs.
 */
export class AttractorRowWriter {
  protected readonly columns: readonly string[];
  private firstJsonRow = true;
  private readonly jsonRows: boolean;
  protected readonly parquet: ParquetTableWriter | null;
  private readonly tableFiles: AtomicFile[];
  private readonly tracker = new RegimeWindows();
  readonly windows: readonly RegimeWindow[] = this.tracker.windows;
  readonly regimeCounts: Record<Regime, number> = this.tracker.counts;
  /** λ_max per grid point, for the figure's Lyapunov panel */
  readonly lyapMax: Float64Array;
  /** 1 where a grid point diverged, for the figure's shading */
  readonly diverged: Uint8Array;
  /** 1 where a grid point is settling, for the figure's colours */
  readonly settling: Uint8Array;
  /** period per grid point (the coarse scan for locating the cascade) */
  readonly periods: Int32Array;

  /** `csv` and `parquet` are the table files (either may be null, not both) */
  constructor(
    private readonly header: unknown,
    columns: readonly string[],
    private readonly points: number,
    private readonly csv: AtomicFile | null,
    private readonly json: AtomicFile,
    private readonly meta: { tool: string; version: string },
    parquet: AtomicFile | null = null,
    /** the columns' Parquet types (default: the sweep table's, attractorParquetColumns) */
    parquetColumns: readonly ParquetColumn[] = attractorParquetColumns(columns),
  ) {
    this.columns = columns;
    this.lyapMax = new Float64Array(points).fill(NaN);
    this.diverged = new Uint8Array(points);
    this.settling = new Uint8Array(points);
    this.periods = new Int32Array(points);
    this.jsonRows = points <= JSON_ROW_LIMIT;
    this.tableFiles = [csv, parquet].filter((f) => f !== null);
    this.parquet = parquet && new ParquetTableWriter(parquet, parquetColumns, { createdBy: `${meta.tool} ${meta.version}` });
    csv?.write(csvRow(this.columns));
    json.write(
      `{\n"tool": ${JSON.stringify(meta.tool)},\n"version": ${JSON.stringify(meta.version)},\n"spec": ${JSON.stringify(header)},\n"columns": ${JSON.stringify(this.columns)},\n`,
    );
    if (this.jsonRows) json.write(`"rows": [\n`);
  }

  /** Rows for points first, first + 1, …, in parameter order. */
  writeRows(first: number, rows: readonly AttractorRow[]): void {
    for (const [offset, row] of rows.entries())
      this.note(first + offset, row[0] as number, row[1] as Regime, row[2] as number, row[3] as number | null);
    for (const row of rows) this.parquet?.appendRow(row);
    this.writeRowText(rows);
  }

  /** Whether any file takes the rows as text: a CSV, or a JSON small enough to repeat them. */
  protected get takesRowText(): boolean {
    return this.csv !== null || this.jsonRows;
  }

  /** The rows' CSV lines and JSON records, only where a file takes them (an empty cell: null or NaN). */
  protected writeRowText(rows: readonly AttractorRow[]): void {
    if (!this.takesRowText) return;
    const text = formatRows(this.columns, rows, this.jsonRows);
    this.writeText(text.csv, text.json);
  }

  /** The rows' CSV lines and JSON records (see formatRows), made elsewhere (a worker thread). */
  protected writeText(csv: string | Uint8Array, json: string | Uint8Array): void {
    if (csv.length === 0) return;
    this.csv?.write(csv);
    if (!this.jsonRows) return;
    if (!this.firstJsonRow) this.json.write(',\n');
    this.json.write(json);
    this.firstJsonRow = false;
  }

  /** What the windows, the summary and the figure keep of a row. */
  protected note(index: number, value: number, regime: Regime, period: number, lyapMax: number | null): void {
    this.tracker.add(value, period, regime);
    this.lyapMax[index] = lyapMax ?? NaN;
    this.diverged[index] = regime === 'diverged' ? 1 : 0;
    this.settling[index] = regime === 'settling' ? 1 : 0;
    this.periods[index] = period;
  }

  /** Closes the JSON with a summary and the Parquet file with its metadata; the caller commits the files. */
  finish(summary: Record<string, unknown>): void {
    const omitted = { count: this.points, limit: JSON_ROW_LIMIT, files: this.jsonRows ? [] : this.tableFiles.map((f) => basename(f.path)) };
    this.json.write(
      `${this.jsonRows ? '\n],\n' : `"rowsOmitted": ${JSON.stringify(omitted)},\n`}"summary": ${JSON.stringify(summary)}\n}\n`,
    );
    this.parquet?.close(runMetadata(this.meta, this.header, summary));
  }

  windowsCsv(): string {
    return (
      csvRow(['from', 'to', 'period', 'regime', 'points']) +
      this.windows.map((w) => csvRow([w.from, w.to, w.period, w.regime, w.points])).join('')
    );
  }
}

/** The sweep's table: rows read out of the workers' chunk results, in grid order. */
export class AttractorTableWriter extends AttractorRowWriter {
  constructor(
    kind: ModelKindInfo,
    private readonly spec: SweepSpec,
    csv: AtomicFile | null,
    json: AtomicFile,
    meta: { tool: string; version: string },
    parquet: AtomicFile | null = null,
  ) {
    super(spec, attractorColumns(kind, spec), spec.sweep.points, csv, json, meta, parquet);
  }

  writeChunk(result: ChunkResult): void {
    const n = result.end - result.start;
    const columns = attractorChunkColumns(this.spec, result);
    const [value, regime, period, lyapMax] = columns as [Float64Array, Regime[], Int32Array, Float64Array];
    for (let i = 0; i < n; i++) {
      const max = lyapMax[i];
      this.note(result.start + i, value[i], regime[i], period[i], Number.isNaN(max) ? null : max);
    }
    this.parquet?.appendColumns(n, columns);
    // the CSV lines and JSON records: formatted by the worker (formatChunkText), or here
    if (result.text) this.writeText(result.text.csv, result.text.json);
    else if (this.takesRowText) this.writeRowText(chunkRows(columns, n));
  }
}

/**
 * The rows' CSV lines, and their JSON records joined by ",\n" (no separator before the first):
 * the same text on every thread, so the tables are identical whoever formats them. Each number is
 * turned into text once: a finite double's shortest form is the same in CSV and JSON (an empty
 * cell is null). `json: false` leaves the records out (a table too large to repeat them).
 */
export function formatRows(columns: readonly string[], rows: readonly AttractorRow[], json = true): { csv: string; json: string } {
  const keys = columns.map((name, c) => `${c === 0 ? '{' : ','}${JSON.stringify(name)}:`);
  let csv = '';
  const records: string[] = [];
  for (const row of rows) {
    let line = '';
    let record = '';
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      let cell = '';
      let jsonValue = 'null';
      if (typeof value === 'number') {
        if (Number.isFinite(value)) cell = jsonValue = String(value);
      } else if (value !== null) {
        cell = csvCell(value);
        jsonValue = JSON.stringify(value);
      }
      line += c === 0 ? cell : `,${cell}`;
      if (json) record += keys[c] + jsonValue;
    }
    csv += `${line}\n`;
    if (json) records.push(`${record}}`);
  }
  return { csv, json: records.join(',\n') };
}

const utf8 = new TextEncoder();

/**
 * A chunk's table text as UTF-8 bytes, made in the worker that computed it: formatting numbers is
 * most of the main thread's work in a large sweep, and there it would compete with the workers.
 */
export function formatChunkText(kind: ModelKindInfo, spec: SweepSpec, result: ChunkResult): { csv: Uint8Array; json: Uint8Array } {
  const rows = chunkRows(attractorChunkColumns(spec, result), result.end - result.start);
  // a table above JSON_ROW_LIMIT rows has no JSON rows: the main thread would drop them
  const text = formatRows(attractorColumns(kind, spec), rows, spec.sweep.points <= JSON_ROW_LIMIT);
  return { csv: utf8.encode(text.csv), json: utf8.encode(text.json) };
}
