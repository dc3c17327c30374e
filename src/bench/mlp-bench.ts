/**
 * The mlp part of `npm run bench`: GD-step and Hessian-vector-product throughput on digits at
 * widths 32, 128 and 512 (n = 256), against a plain JavaScript i-k-j matrix product of the same
 * shapes measured in the same run; the cost of an HVP in gradients; and an mlp sweep on one and
 * two workers in paired rounds. Prints figures; asserts nothing.
 */
import { hessianVectorProduct } from '../models/mlp/hessian-vector.js';
import { lossGradient } from '../models/mlp/gradient.js';
import { mlpModelSchema } from '../models/mlp/spec-schema.js';
import { setupMlp } from '../models/mlp/training-setup.js';
import { sweepSpecSchema } from '../spec/sweep-spec.js';
import { createSweepPool } from '../sweep/pool.js';
import { runSweep } from '../api/engine-by-kind.js';
import { median, pairedScaling } from './paired-scaling.js';

type Line = (label: string, value: string, comparison?: string) => void;

/** Seconds per call of fn, the best of `rounds` timings of `repeats` calls. */
function perCall(rounds: number, repeats: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) fn();
    best = Math.min(best, (performance.now() - t0) / 1000 / repeats);
  }
  return best;
}

/** The baseline: C = A·B in plain JavaScript, i-k-j order (the cache-friendly textbook loop). */
function plainMatmul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const row = p * n;
      const out = i * n;
      for (let j = 0; j < n; j++) c[out + j] += aip * b[row + j];
    }
  }
}

export async function benchMlp(line: Line): Promise<void> {
  const n = 256;
  for (const width of [32, 128, 512]) {
    const model = mlpModelSchema.parse({ kind: 'mlp', layers: [width], data: { dataset: 'digits', classes: [0, 1], examples: n } });
    const setup = setupMlp(model, 'bench');
    const { ws, net } = setup;
    const theta = Float64Array.from(setup.theta);
    const d = net.widths[0];
    // multiply-adds of one forward pass through the weight layers; a gradient is three such passes
    // (forward, back through the activations, into the weights), an HVP about twice a gradient
    const forwardFlops = 2 * n * net.layout.reduce((s, l) => s + l.inputs * l.outputs, 0);
    const gradientFlops = 3 * forwardFlops;
    const repeats = width >= 512 ? 5 : 20;
    let flip = 1;
    // a fresh θ each call (a tiny alternating nudge), so the workspace's cache of the last θ never hits
    const gdStep = () => {
      theta[0] += (flip = -flip) * 1e-12;
      const g = lossGradient(ws, theta);
      for (let k = 0; k < theta.length; k++) theta[k] -= 1e-6 * g[k];
    };
    const v = Float64Array.from(theta, (_, i) => Math.sin(i));
    const out = new Float64Array(theta.length);
    const hvpFresh = () => {
      theta[0] += (flip = -flip) * 1e-12;
      hessianVectorProduct(ws, theta, v, out);
    };
    const hvpCached = () => hessianVectorProduct(ws, theta, v, out);
    const a = Float64Array.from({ length: n * d }, (_, i) => Math.cos(i));
    const b = Float64Array.from({ length: d * width }, (_, i) => Math.sin(i));
    const c = new Float64Array(n * width);
    const plain = () => plainMatmul(a, b, c, n, d, width);
    gdStep();
    hvpFresh();
    plain(); // warm up
    const times = { gd: Infinity, fresh: Infinity, cached: Infinity, plain: Infinity };
    for (let round = 0; round < 3; round++) {
      times.gd = Math.min(times.gd, perCall(1, repeats, gdStep));
      times.fresh = Math.min(times.fresh, perCall(1, repeats, hvpFresh));
      hvpCached();
      times.cached = Math.min(times.cached, perCall(1, repeats, hvpCached));
      times.plain = Math.min(times.plain, perCall(1, repeats, plain));
    }
    const plainRate = (2 * n * d * width) / times.plain / 1e9;
    line(
      `mlp [${width}], n = ${n}: GD step (one core)`,
      `${(1 / times.gd).toFixed(0)} steps/s`,
      `${(gradientFlops / times.gd / 1e9).toFixed(2)} GFLOP/s; plain JS i-k-j matmul ${plainRate.toFixed(2)} GFLOP/s (baseline)`,
    );
    line(
      `mlp [${width}]: Hessian-vector product`,
      `${(times.fresh / times.gd).toFixed(2)} gradients`,
      `at a fresh θ; ${(times.cached / times.gd).toFixed(2)} with the gradient's passes reused (target ≤ 2.5)`,
    );
  }

  // a sweep on one and two workers, paired rounds
  const spec = sweepSpecSchema.parse({
    name: 'bench-mlp',
    model: { kind: 'mlp', layers: [32], data: { dataset: 'digits', classes: [0, 1], examples: 64 } },
    sweep: { from: 0.2, to: 1.5, points: 16 },
    transient: 800,
    record: 128,
    period: { max: 32 },
  });
  const pools = [createSweepPool(1), createSweepPool(2)];
  try {
    const run = (w: 1 | 2) => () => runSweep(spec, { pool: pools[w - 1], workers: w, raster: { columns: 16, rows: 100 } }, () => {});
    await run(1)();
    await run(2)();
    const scaling = await pairedScaling(3, { sweep: { one: run(1), two: run(2) } });
    line('mlp sweep 16 × 928 steps, 1 worker (baseline)', `${median(scaling.sweep.one).toFixed(2)} s`, 'median wall');
    line(
      'mlp sweep, 2 workers',
      `${median(scaling.sweep.two).toFixed(2)} s`,
      `speed-up ${median(scaling.sweep.ratios).toFixed(2)}× (target ≥ 1.8×), range ${Math.min(...scaling.sweep.ratios).toFixed(2)}–${Math.max(...scaling.sweep.ratios).toFixed(2)}`,
    );
  } finally {
    await Promise.all(pools.map((p) => p.destroy()));
  }
}
