import type { AtomicFile } from './atomic-file.js';
import type { Regime } from '../analysis/regime.js';
import { attractorParquetColumns } from './attractor-parquet.js';
import { AttractorRowWriter, type AttractorRow } from './attractor-table.js';
import { csvRow } from './csv.js';
import type { PointAttractor } from '../sweep/fractions-collector.js';

/** attractors.csv's columns with initialConditions: `ic` and `attractor` right after the parameter. */
export function fractionsColumns(base: readonly string[]): string[] {
  return [base[0], 'ic', 'attractor', ...base.slice(1)];
}

/** A run's attractor row with its initial condition k and its attractor label inserted after the parameter. */
export function labelledRow(row: AttractorRow, k: number, label: number): AttractorRow {
  return [row[0], k, label, ...row.slice(1)];
}

/** <name>.fractions.csv: one row per grid point and attractor present there (labels ascending, divergence −1 last). */
export function fractionsCsv(parameter: string, points: readonly { value: number; attractors: readonly PointAttractor[] }[]): string {
  let text = csvRow([parameter, 'attractor', 'period', 'runs', 'fraction', 'fraction_err', 'lyap_max_mean']);
  for (const { value, attractors } of points)
    for (const a of attractors) text += csvRow([value, a.label, a.period, a.runs, a.fraction, a.fraction_err, a.lyap_max_mean]);
  return text;
}

/**
 * attractors.csv / .parquet / .json of a sweep with initialConditions: one row per grid point and
 * initial condition, written once the attractors are matched (labelledRow's columns).
 */
export class LabelledAttractorWriter extends AttractorRowWriter {
  constructor(
    header: unknown,
    columns: readonly string[],
    rows: number,
    csv: AtomicFile | null,
    json: AtomicFile,
    meta: { tool: string; version: string },
    parquet: AtomicFile | null,
  ) {
    const types = attractorParquetColumns(columns).map((c) =>
      c.name === 'ic' || c.name === 'attractor' ? { name: c.name, type: 'int32' as const, nullable: false } : c,
    );
    super(header, columns, rows, csv, json, meta, parquet, types);
  }

  /**
   * The labelled rows, grid-major: `count` per grid point. The windows (windowsCsv) and
   * regimeCounts are those of initial condition 0's runs.
   */
  writeLabelled(rows: readonly AttractorRow[], count: number): void {
    for (let r = 0; r < rows.length; r += count) {
      const row = rows[r];
      this.note(r / count, row[0] as number, row[3] as Regime, row[4] as number, row[5] as number | null);
    }
    for (const row of rows) this.parquet?.appendRow(row);
    this.writeRowText(rows);
  }
}
