import { REGIME_CODE } from '../analysis/regime.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { resultLayout, type ChunkResult } from './chunk.js';
import { gridValue } from './grid.js';

/**
 * What the cascade search reads from a sweep, fed chunk by chunk: the period at every grid point,
 * and the first grid values with a positive Lyapunov exponent and with a diverged orbit.
 */
export class CoarseScan {
  readonly periods: Int32Array;
  firstChaotic: number | null = null;
  firstDiverged: number | null = null;
  /** the spacing of the first two grid points */
  readonly spacing: number;

  constructor(private readonly spec: SweepSpec) {
    this.periods = new Int32Array(spec.sweep.points);
    this.spacing = gridValue(spec.sweep, 1) - gridValue(spec.sweep, 0);
  }

  add(chunk: ChunkResult): void {
    const { spec } = this;
    const n = chunk.end - chunk.start;
    const layout = resultLayout(chunk);
    for (let i = 0; i < n; i++) {
      const index = chunk.start + i;
      this.periods[index] = chunk.ints[i];
      const regime = chunk.ints[n + i];
      if (regime === REGIME_CODE.chaotic && this.firstChaotic === null && chunk.floats[layout.lyap * n + i] > 0)
        this.firstChaotic = gridValue(spec.sweep, index);
      if (regime === REGIME_CODE.diverged && this.firstDiverged === null) this.firstDiverged = gridValue(spec.sweep, index);
    }
  }
}
