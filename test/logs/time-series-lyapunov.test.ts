import { describe, expect, it } from 'vitest';
import { lyapunovSpectrum } from '../../src/analysis/lyapunov-spectrum.js';
import { detectPeriod } from '../../src/analysis/period.js';
import { chooseDelay, delayEmbed } from '../../src/logs/delay-embedding.js';
import { chooseEmbeddingDimension } from '../../src/logs/embedding-dimension.js';
import { nearestNeighbours } from '../../src/logs/nearest-neighbours.js';
import { estimateLyapunov, slope } from '../../src/logs/time-series-lyapunov.js';
import { createUvMap } from '../../src/models/uv/map.js';
import { uvSharpness } from '../../src/models/uv/sharpness.js';

function logistic(n: number, x0 = 0.1234): Float64Array {
  const x = new Float64Array(n);
  let v = x0;
  for (let i = 0; i < 1000; i++) v = 4 * v * (1 - v);
  for (let i = 0; i < n; i++) x[i] = v = 4 * v * (1 - v);
  return x;
}

function henon(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 0;
  let y = 0;
  for (let i = 0; i < 1000 + n; i++) {
    const next = 1 - 1.4 * x * x + y;
    y = 0.3 * x;
    x = next;
    if (i >= 1000) out[i - 1000] = x;
  }
  return out;
}

/** η × sharpness along a UV orbit after a transient, with the tangent-map exponent over the same steps. */
function uvRecord(eta: number, record: number): { x: Float64Array; lyap: number } {
  const p = { eta, eps: 0.01, target: 10 };
  const map = createUvMap(p);
  const z = Float64Array.of(0, 0.2);
  for (let i = 0; i < 20000; i++) map.step(z, z);
  const start = Float64Array.from(z);
  const x = new Float64Array(record);
  for (let i = 0; i < record; i++) {
    x[i] = eta * uvSharpness(z[0], z[1], p.eps, p.target);
    map.step(z, z);
  }
  return { x, lyap: lyapunovSpectrum(map, start, record).exponents[0] };
}

describe('nearest neighbours', () => {
  it('equal a brute-force search, outside the Theiler window', () => {
    const x = henon(600);
    const m = 2;
    const v = delayEmbed(x, m, 1);
    const count = 599;
    const nn = nearestNeighbours(v, m, count, 5);
    for (let i = 0; i < count; i += 7) {
      let best = Infinity;
      for (let j = 0; j < count; j++) {
        if (Math.abs(i - j) <= 5) continue;
        best = Math.min(best, Math.hypot(v[2 * i] - v[2 * j], v[2 * i + 1] - v[2 * j + 1]));
      }
      expect(nn.distance[i]).toBeCloseTo(best, 14);
      expect(Math.abs(nn.index[i] - i)).toBeGreaterThan(5);
    }
  });
});

describe('embedding', () => {
  it('chooses delay 1 for maps and m = 1 for the logistic map, m = 2 for Hénon', () => {
    expect(chooseDelay(logistic(1000))).toBe(1);
    expect(chooseDelay(henon(1000))).toBe(1);
    // a sine sampled 40 times a period decorrelates (autocorrelation < 1/e) after 8 samples
    const sine = Float64Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * i) / 40));
    expect(chooseDelay(sine, 20)).toBe(Math.ceil((40 * Math.acos(1 / Math.E)) / (2 * Math.PI)));
    expect(chooseEmbeddingDimension(logistic(1000), 1, 10).dimension).toBe(1);
    expect(chooseEmbeddingDimension(henon(1000), 1, 10).dimension).toBe(2);
  });

  it('fits a least-squares slope', () => {
    expect(slope(Float64Array.from([9, 1, 3, 5, 7, 0]), 1, 4)).toBeCloseTo(2, 14);
  });
});

describe('Lyapunov exponent estimated from a scalar series (Rosenstein)', () => {
  it('logistic map at r = 4: ln 2 within 0.01', () => {
    for (const n of [1000, 4000]) {
      const e = estimateLyapunov(logistic(n));
      expect(Math.abs(e.exponent - Math.LN2)).toBeLessThan(0.01);
      expect(e.dimension).toBe(1);
      expect(e.delay).toBe(1);
      expect(e.fitTo).toBeGreaterThan(e.fitFrom + 2);
    }
  });

  it('Hénon map at a = 1.4, b = 0.3 (x only): 0.4192 within 0.015', () => {
    for (const n of [1000, 4000]) {
      const e = estimateLyapunov(henon(n));
      expect(Math.abs(e.exponent - 0.41922)).toBeLessThan(0.015);
      expect(e.dimension).toBe(2);
    }
  });

  it('a quasiperiodic rotation: |λ| < 0.01', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.cos(Math.PI * i * (Math.sqrt(5) - 1)));
    expect(Math.abs(estimateLyapunov(x).exponent)).toBeLessThan(0.01);
  });

  it('UV model, η × sharpness over 1000 steps: within 0.01 + 6 % of the tangent-map exponent for chaotic η from 1.31 to 1.9', () => {
    const checked: number[] = [];
    for (let eta = 1.31; eta <= 1.9; eta += 0.0295) {
      const { x, lyap } = uvRecord(eta, 1000);
      if (detectPeriod(x, 1, 1000, { max: 64, tol: 1e-6 }) > 0 || lyap < 0.02) continue; // a periodic window
      const e = estimateLyapunov(x);
      expect(Math.abs(e.exponent - lyap), `eta ${eta}: estimate ${e.exponent}, tangent ${lyap}`).toBeLessThan(0.01 + 0.06 * lyap);
      checked.push(eta);
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });
});
