import { SpecError } from '../../../spec/spec-error.js';

export const NORMALIZATIONS = ['unit', 'standardize', 'none'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/**
 * Normalises the inputs (n × d, row-major) in place:
 *
 * - "unit": every example scaled to unit Euclidean norm, x ← x/‖x‖ (so ‖x‖² = 1 and, for the UV
 *   special case, ε = γ²). An all-zero example is an error (`file` names the data source).
 * - "standardize": every feature (column) shifted and scaled to mean 0 and variance 1 over the
 *   n selected examples (population variance, divided by n); a constant feature, such as a digit
 *   image's always-blank corner pixel, becomes 0.
 * - "none": unchanged.
 */
export function normalizeInputs(x: Float64Array, n: number, d: number, mode: Normalization, file: string): void {
  if (mode === 'none') return;
  if (mode === 'unit') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * x[i * d + j];
      if (s === 0) throw new SpecError(file, null, `example ${i + 1} is all zeros and cannot be scaled to unit norm`);
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) x[i * d + j] *= inv;
    }
    return;
  }
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[i * d + j] - mean) ** 2;
    variance /= n;
    const inv = variance > 0 ? 1 / Math.sqrt(variance) : 0;
    for (let i = 0; i < n; i++) x[i * d + j] = (x[i * d + j] - mean) * inv;
  }
}
