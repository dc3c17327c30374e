import { REGIMES, type Regime } from '../analysis/regime.js';
import { FLOAT_FIELDS, INT_FIELDS, type ChunkResult } from '../sweep/chunk.js';
import { gridValue } from '../sweep/grid.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { AtomicFile } from './atomic-file.js';
import { csvRow } from './csv.js';

/** One grid point's row, in table column order. */
export type AttractorRow = (number | string | null)[];

export function attractorColumns(spec: SweepSpec): string[] {
  const obs = spec.observable;
  return [
    spec.sweep.parameter,
    'regime',
    'period',
    'lyap_max',
    'lyap_1',
    'lyap_2',
    'lyap_err',
    `${obs}_min`,
    `${obs}_max`,
    'diverged_at',
    'final_f',
    'final_ntk',
  ];
}

const F = Object.fromEntries(FLOAT_FIELDS.map((name, i) => [name, i])) as Record<(typeof FLOAT_FIELDS)[number], number>;
const I = Object.fromEntries(INT_FIELDS.map((name, i) => [name, i])) as Record<(typeof INT_FIELDS)[number], number>;

/** Reads grid point `index` (absolute) out of a chunk result as a table row. */
export function attractorRow(spec: SweepSpec, result: ChunkResult, index: number): AttractorRow {
  const n = result.end - result.start;
  const i = index - result.start;
  const float = (field: keyof typeof F) => finiteOrNull(result.floats[F[field] * n + i]);
  const regime = REGIMES[result.ints[I.regime * n + i]];
  const divergedAt = result.ints[I.divergedAt * n + i];
  const lyap1 = float('lyap1');
  const lyap2 = float('lyap2');
  const lyapMax = lyap1 === null ? null : lyap2 === null ? lyap1 : Math.max(lyap1, lyap2);
  return [
    gridValue(spec.sweep, index),
    regime,
    result.ints[I.period * n + i],
    lyapMax,
    lyap1,
    lyap2,
    float('lyapErr'),
    float('obsMin'),
    float('obsMax'),
    divergedAt >= 0 ? divergedAt : null,
    float('finalF'),
    float('finalNtk'),
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
  private window: { from: number; to: number; period: number; regime: Regime; points: number } | null = null;
  readonly windows: { from: number; to: number; period: number; regime: Regime; points: number }[] = [];
  readonly regimeCounts: Record<Regime, number> = { converged: 0, periodic: 0, chaotic: 0, quasiperiodic: 0, diverged: 0 };
  /** λ_max per grid point, for the figure's Lyapunov panel */
  readonly lyapMax: Float64Array;
  /** 1 where a grid point diverged, for the figure's shading */
  readonly diverged: Uint8Array;

  constructor(
    private readonly spec: SweepSpec,
    private readonly csv: AtomicFile,
    private readonly json: AtomicFile,
    meta: { tool: string; version: string },
  ) {
    this.columns = attractorColumns(spec);
    this.lyapMax = new Float64Array(spec.sweep.points).fill(NaN);
    this.diverged = new Uint8Array(spec.sweep.points);
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
      this.track(row[0] as number, row[2] as number, row[1] as Regime);
      this.lyapMax[index] = (row[3] as number | null) ?? NaN;
      this.diverged[index] = row[1] === 'diverged' ? 1 : 0;
    }
    this.csv.write(lines.join(''));
    this.json.write(jsonLines.join(''));
  }

  private track(value: number, period: number, regime: Regime): void {
    this.regimeCounts[regime]++;
    const w = this.window;
    if (w && w.period === period && w.regime === regime) {
      w.to = value;
      w.points++;
      return;
    }
    this.window = { from: value, to: value, period, regime, points: 1 };
    this.windows.push(this.window);
  }

  /** Closes the JSON with a summary; the caller commits the files. */
  finish(summary: Record<string, unknown>): void {
    this.json.write(`\n],\n"summary": ${JSON.stringify(summary)}\n}\n`);
  }

  windowsCsv(): string {
    return csvRow(['from', 'to', 'period', 'regime', 'points']) + this.windows.map((w) => csvRow([w.from, w.to, w.period, w.regime, w.points])).join('');
  }
}
