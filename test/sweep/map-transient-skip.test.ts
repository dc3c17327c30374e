import { describe, expect, it } from 'vitest';
import { computeMapChunk } from '../../src/sweep/map-chunk.js';
import { floatLayout, lyapunovWarmup } from '../../src/sweep/chunk.js';
import { createLogisticMap } from '../../src/models/logistic/map.js';
import { logisticDefinition } from '../../src/models/logistic/definition.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { gridValue } from '../../src/sweep/grid.js';
import type { MapSkipStats } from '../../src/sweep/map-transient-skip.js';

/** A logistic sweep of `points` values of r in [from, to], x0 = 0.1. */
function logisticSweep(from: number, to: number, points: number, transient = 5000, record = 512) {
  return sweepSpecSchema.parse({
    name: 't',
    model: { kind: 'logistic', init: { x: 0.1 } },
    sweep: { parameter: 'r', from, to, points },
    transient,
    record,
  });
}

function run(spec: ReturnType<typeof logisticSweep>) {
  if (spec.model.kind !== 'logistic') throw new Error('a logistic sweep');
  const stats: MapSkipStats = { points: 0, skipped: 0, cycleStepSum: 0 };
  const result = computeMapChunk({ spec, start: 0, end: spec.sweep.points, raster: null }, logisticDefinition(spec.model), stats);
  return { stats, result };
}

/** Plain iteration of the logistic map: the state after `steps` steps. */
function plainX(r: number, steps: number): number {
  const map = createLogisticMap({ r });
  const z = Float64Array.of(0.1);
  for (let t = 0; t < steps; t++) map.step(z, z);
  return z[0];
}

/** The first repeat of the orbit's state (bit for bit, by a Map of states): [μ, p], or null within `steps`. */
function firstRepeat(r: number, steps: number): [number, number] | null {
  const map = createLogisticMap({ r });
  const z = Float64Array.of(0.1);
  const seen = new Map<string, number>();
  const bits = new Uint32Array(z.buffer);
  for (let t = 0; t <= steps; t++) {
    const key = `${bits[0]}:${bits[1]}`;
    const before = seen.get(key);
    if (before !== undefined) return [before, t - before];
    seen.set(key, t);
    map.step(z, z);
  }
  return null;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Where the block-end check (32-step blocks, checkpoints at 0, 256, 512, 1024, …) finds a cycle
 * entered at μ with period p: at the first checkpoint c ≥ μ whose window (c, c + max(c, 256)] holds
 * c + lcm(p, 32), before the transient's last block end.
 */
function blockBrentStep(mu: number, p: number, plain: number): { at: number; P: number } | null {
  const P = (p * 32) / gcd(p, 32);
  for (let c = 0; c + P < plain; c = c === 0 ? 256 : 2 * c) {
    if (c >= mu && P <= Math.max(c, 256)) return { at: c + P, P };
  }
  return null;
}

describe('the maps’ exact transient skip (block-end Brent check, compacted batch)', () => {
  it('a logistic 2-cycle (r = 3.2) is skipped and ends on plain iteration’s state bit for bit', () => {
    const spec = logisticSweep(3.2, 3.21, 2);
    const { stats, result } = run(spec);
    expect(stats.skipped).toBe(2);
    const layout = floatLayout(1);
    expect(Object.is(result.floats[layout.final * 2], plainX(3.2, spec.transient + spec.record))).toBe(true);
  });

  it('a chaotic lane (r = 4) never repeats, is never skipped, and ends on plain iteration’s state', () => {
    const spec = logisticSweep(3.99, 4, 2);
    expect(firstRepeat(4, spec.transient)).toBeNull();
    const { stats, result } = run(spec);
    expect(stats.skipped).toBe(firstRepeat(3.99, spec.transient) === null ? 0 : 1);
    expect(result.floats[floatLayout(1).final * 2 + 1]).toBe(plainX(4, spec.transient + spec.record));
  });

  it('a diverging lane (r = 4.5 leaves [0, 1] for −∞) is never skipped and diverges as without the skip', () => {
    const { stats, result } = run(logisticSweep(4.5, 4.6, 2));
    expect(stats.skipped).toBe(0);
    expect(result.ints[4]).toBeGreaterThan(0); // divergedAt of both points
    expect(result.ints[5]).toBeGreaterThan(0);
  });

  it('a grid of 200 values of r: the points skipped and their steps, against a Map of states', () => {
    const spec = logisticSweep(2.8, 4, 200);
    const plain = spec.transient - lyapunovWarmup(spec);
    const { stats, result } = run(spec);
    let skipped = 0;
    let stepSum = 0;
    for (let i = 0; i < 200; i++) {
      const r = gridValue(spec.sweep, i);
      const repeat = firstRepeat(r, plain);
      const found = repeat && blockBrentStep(repeat[0], repeat[1], plain);
      if (found && found.P * 4 <= plain - found.at) {
        skipped++;
        stepSum += found.at;
      }
      expect(Object.is(result.floats[floatLayout(1).final * 200 + i], plainX(r, spec.transient + spec.record)), `r = ${r}`).toBe(true);
    }
    expect(skipped).toBeGreaterThan(50);
    expect(stats).toEqual({ points: 200, skipped, cycleStepSum: stepSum });
  });
});
