import { portraitSystemOf } from '../../src/models/registry.js';
import { describe, expect, it } from 'vitest';
import { computePortrait } from '../../src/portrait/compute-portrait.js';
import { cellCentre } from '../../src/portrait/basin-grid.js';
import { basinFractions } from '../../src/portrait/portrait-tables.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';

const a = 1.4;
const b = 0.3;

async function henonPortrait(resolution: number) {
  const spec = portraitSpecSchema.parse({
    name: 'henon',
    model: { kind: 'henon', parameters: { a, b } },
    window: { x: [-2, 2], y: [-2, 2] },
    cycles: { maxPeriod: 2 },
    basins: { resolution, transient: 1000 },
    vectorField: { enabled: false },
  });
  return computePortrait(spec, portraitSystemOf(spec), { workers: 0 });
}

describe('portrait of the Hénon map, a = 1.4, b = 0.3', () => {
  it('finds both fixed points at the closed form to 1e-12, with their multipliers and types', async () => {
    const portrait = await henonPortrait(40);
    const fixed = portrait.cycles.filter((c) => c.period === 1);
    expect(fixed).toHaveLength(2);
    const root = Math.sqrt((1 - b) ** 2 + 4 * a);
    for (const [sign, type] of [
      [1, 'flip saddle'],
      [-1, 'saddle'],
    ] as const) {
      const x = (-(1 - b) + sign * root) / (2 * a);
      const point = fixed.find((c) => Math.abs(c.points[0][0] - x) < 1e-6)!;
      expect(point).toBeDefined();
      expect(Math.abs(point.points[0][0] - x)).toBeLessThan(1e-12);
      expect(Math.abs(point.points[0][1] - b * x)).toBeLessThan(1e-12);
      // DF = [[−2ax, 1], [b, 0]]: μ² + 2ax μ − b = 0
      const mu = [-a * x + Math.sqrt(a * a * x * x + b), -a * x - Math.sqrt(a * a * x * x + b)].sort((p, q) => Math.abs(q) - Math.abs(p));
      expect(point.multipliers[0].re).toBeCloseTo(mu[0], 12);
      expect(point.multipliers[1].re).toBeCloseTo(mu[1], 12);
      expect(point.type).toBe(type);
    }
    // the 2-cycle: x solves a²x² − a(1 − b)x + (1 − b)² − a = 0
    const two = portrait.cycles.filter((c) => c.period === 2);
    expect(two).toHaveLength(1);
    const disc = Math.sqrt(a * a * (1 - b) ** 2 - 4 * a * a * ((1 - b) ** 2 - a));
    const xs = [(a * (1 - b) - disc) / (2 * a * a), (a * (1 - b) + disc) / (2 * a * a)];
    expect(two[0].points.map((z) => z[0])).toEqual([expect.closeTo(xs[0], 12), expect.closeTo(xs[1], 12)]);
  });

  it("diverges from the same share of [−2, 2]² as a plain loop, close to Attractors.jl's 0.575", async () => {
    const portrait = await henonPortrait(160);
    const fractions = basinFractions(portrait);
    const diverged = fractions.find((f) => f.id === 'diverged')!.fraction;
    // independent: every cell centre iterated with the formula, escape past 1e8
    let escaped = 0;
    const cells = portrait.grid.nx * portrait.grid.ny;
    for (let c = 0; c < cells; c++) {
      let [x, y] = cellCentre(portrait.grid, c);
      for (let t = 0; t < 1000; t++) {
        [x, y] = [1 - a * x * x + y, b * x];
        if (!(Math.abs(x) <= 1e8 && Math.abs(y) <= 1e8)) {
          escaped++;
          break;
        }
      }
    }
    expect(Math.abs(diverged - escaped / cells)).toBeLessThan(0.01);
    // Attractors.jl's test: about 0.575 from 1000 random initial conditions (sampling error ~0.016)
    expect(Math.abs(diverged - 0.575)).toBeLessThan(0.03);
    // the rest is the strange attractor, λ₁ = 0.419 (a 1000-step estimate per cell)
    const chaotic = fractions.find((f) => f.id === 'chaotic')!.fraction;
    expect(diverged + chaotic).toBe(1);
    const exponents = [...portrait.basins.lyapunov].filter((v, i) => portrait.basins.codes[i] === -3).sort((p, q) => p - q);
    expect(exponents[exponents.length >> 1]).toBeCloseTo(0.419, 1);
  });
});
