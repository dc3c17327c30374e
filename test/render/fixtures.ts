import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uvPhaseCurves } from '../../src/models/uv/phase-curves.js';
import type { PhaseFigureInput } from '../../src/render/phase-figure.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { ROOT } from '../helpers.js';

/**
 * A phase figure's input on the shipped (η, c) spec's axes and curves, with a coarse grid of
 * synthetic cells: every category and trend, and λ_max = sin(cell) (so ±1 both occur).
 */
export function phaseFigureInput(lyapMax?: (cell: number) => number): PhaseFigureInput {
  const spec = phaseSpecSchema.parse({
    ...JSON.parse(readFileSync(join(ROOT, 'sweeps', 'uv-phase-eta-initscale.json'), 'utf8')),
    grid: { x: { parameter: 'eta', from: 0.01, to: 1.6, points: 24 }, y: { parameter: 'initScale', from: 0.1, to: 1.5, points: 16 } },
    image: { width: 1600, height: 1400 },
  });
  const cells = 24 * 16;
  return {
    spec,
    category: Int8Array.from({ length: cells }, (_, i) => i % 5),
    trend: Int8Array.from({ length: cells }, (_, i) => i % 3),
    lyapMax: Float64Array.from({ length: cells }, (_, i) => (lyapMax ? lyapMax(i) : Math.sin(i))),
    curves: uvPhaseCurves(spec),
  };
}
