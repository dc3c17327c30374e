import { createUvMap } from '../../src/models/uv/map.js';
import { uvLoss, uvSharpness } from '../../src/models/uv/sharpness.js';

/** One logged row of a UV training run, as a PyTorch loop would log it. */
export interface LogRow {
  step: number;
  loss: number;
  sharpness: number;
  lr: number;
}

/**
 * The UV model of the README's route to chaos (width 100, ‖x‖² = 1: ε = 0.01, y = 10, f0 = 0,
 * λ0 = 0.2) trained at `lr` for `steps` steps, state t logged as step t.
 */
export function uvLog(lr: number, steps: number): LogRow[] {
  const p = { eta: lr, eps: 0.01, target: 10 };
  const map = createUvMap(p);
  const z = Float64Array.of(0, 0.2);
  const rows: LogRow[] = [];
  for (let t = 0; t < steps; t++) {
    rows.push({ step: t, loss: uvLoss(z[0], p.target), sharpness: uvSharpness(z[0], z[1], p.eps, p.target), lr });
    map.step(z, z);
  }
  return rows;
}

export function csvText(rows: readonly LogRow[], columns: readonly (keyof LogRow)[] = ['step', 'loss', 'sharpness', 'lr']): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** JSON Lines as Python's json.dumps writes them: NaN and Infinity bare. */
export function jsonLinesText(rows: readonly LogRow[]): string {
  return rows.map((r) => JSON.stringify(r).replace(/null/g, 'NaN')).join('\n') + '\n';
}

function cell(v: number): string {
  return Number.isNaN(v) ? 'nan' : String(v);
}
