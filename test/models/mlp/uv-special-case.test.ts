import { describe, expect, it } from 'vitest';
import { lyapunovSpectrum } from '../../../src/analysis/lyapunov-spectrum.js';
import { createUvMap } from '../../../src/models/uv/map.js';
import { uvSharpness } from '../../../src/models/uv/sharpness.js';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { gdStep } from '../../../src/models/mlp/gd-step.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { ntkTopEigenvalue } from '../../../src/models/mlp/ntk.js';
import { sharpness } from '../../../src/models/mlp/sharpness.js';
import { createWorkspace } from '../../../src/models/mlp/workspace.js';
import { architecture } from './mlp-helpers.js';

/**
 * THE UV MODEL IS A SPECIAL CASE. A one-hidden-layer linear MLP without bias, on one example, in
 * the NTK parameterisation is
 *
 *   f = γ · (σ_w/√n) W₂ · (σ_w/√d) W₁ x = γ_uv vᵀUx   with U = W₁, v = W₂ᵀ, γ_uv = γ σ_w² / √(n d),
 *
 * and its loss (1/2n)·Σ with n = 1 example is ½(f − y)². GD on (W₁, W₂) is GD on (U, v), so f and
 * the NTK eigenvalue λ = ‖∇f‖² (the 1×1 Gram matrix over n = 1) must follow the UV map
 *
 *   f' = f − η Δf λ + ε η² Δf² f,   λ' = λ + ε η Δf (η λ Δf − 4 f),   ε = γ_uv² ‖x‖² = γ² σ_w⁴ ‖x‖² / (n d).
 *
 * Checked step by step (the map applied to the MLP's own (f, λ) at every step must give the MLP's
 * next (f, λ)) over 400 steps, and as whole orbits (the map iterated alone): all 400 steps when
 * converging and at the edge of stability, the first 30 in chaos, where the two orbits' rounding
 * differences grow like e^{λ₁ t}. The chaotic η = 1.4/(√ε|y|) has λ₁ ≈ 0.35 per step (checked
 * below), so 30 steps amplify them about 10⁴-fold (measured: 1e-12); at 1.6 (λ₁ ≈ 0.68) they
 * already reach 1e-7 after 30 steps.
 * Tolerance 1e-10 relative to the problem's scale: |y| for f and 2√ε|y| (the smallest NTK
 * eigenvalue of any minimum) for λ, because chaotic orbits pass through f and λ near 0 where a
 * purely relative error means nothing.
 */
const d = 4;
const width = 50;
const sigmaW = 1.3;
const gamma = 0.7;
const x = new Float64Array([0.5, -1.2, 0.3, 2.0]);
const y = 2.5;
const inputNorm2 = x.reduce((s, v) => s + v * v, 0);
const eps = (gamma * sigmaW * sigmaW) ** 2 * (inputNorm2 / (width * d));
const onset = 1 / (Math.sqrt(eps) * Math.abs(y)); // η beyond which no minimum is stable

function uvMlp() {
  const net = createMlp(
    architecture({
      inputDim: d,
      layers: [width],
      activation: 'linear',
      bias: false,
      multiplier: gamma,
      init: { seed: 3, sigmaW, sigmaB: 0, scale: 0.15 },
    }),
  );
  const ws = createWorkspace(net, { inputs: x, targets: new Float64Array([y]), examples: 1, inputDim: d, outputs: 1 });
  return { ws, theta: initialParameters(net) };
}

const regimes = [
  { label: 'converging', rescaledEta: 0.5, orbitSteps: 400 },
  { label: 'edge of stability (2-cycle)', rescaledEta: 1.1, orbitSteps: 400 },
  { label: 'chaotic', rescaledEta: 1.4, orbitSteps: 30 },
];

describe('a one-hidden-layer linear MLP on one example is the UV model', () => {
  for (const regime of regimes) {
    it(`${regime.label}: η = ${regime.rescaledEta}/(√ε|y|)`, () => {
      const eta = regime.rescaledEta * onset;
      const map = createUvMap({ eta, eps, target: y });
      const { ws, theta } = uvMlp();
      const fScale = Math.abs(y);
      const ntkScale = 2 * Math.sqrt(eps) * Math.abs(y);
      const orbit = new Float64Array(2);
      const predicted = new Float64Array(2);
      const now = new Float64Array(2);
      let stepError = 0;
      let orbitError = 0;
      const fs: number[] = [];
      for (let t = 0; t <= 400; t++) {
        forward(ws, theta);
        now[0] = ws.outputs[0];
        now[1] = ntkTopEigenvalue(ws, theta).value;
        fs.push(now[0]);
        if (t === 0) orbit.set(now);
        else {
          stepError = Math.max(stepError, Math.abs(now[0] - predicted[0]) / fScale, Math.abs(now[1] - predicted[1]) / ntkScale);
          if (t <= regime.orbitSteps)
            orbitError = Math.max(orbitError, Math.abs(now[0] - orbit[0]) / fScale, Math.abs(now[1] - orbit[1]) / ntkScale);
        }
        map.step(now, predicted);
        map.step(orbit, orbit);
        gdStep(ws, theta, eta);
      }
      expect(stepError).toBeLessThan(1e-10);
      expect(orbitError).toBeLessThan(1e-10);
      expect(Number.isFinite(fs[400])).toBe(true);

      // The regime is what its label says.
      const last = fs.slice(-8);
      if (regime.rescaledEta < 1) expect(Math.abs(last[7] - y)).toBeLessThan(1e-12);
      else if (regime.rescaledEta < 1.2) {
        expect(Math.abs(last[7] - last[5])).toBeLessThan(1e-9);
        expect(Math.abs(last[7] - last[6])).toBeGreaterThan(1e-2);
      } else {
        const z = Float64Array.from(now);
        expect(lyapunovSpectrum(map, z, 20000).exponents[0]).toBeGreaterThan(0.1);
      }
    });
  }

  it('the MLP’s sharpness (Lanczos on HVPs) is the UV closed form along a chaotic run', () => {
    const eta = 1.4 * onset;
    const { ws, theta } = uvMlp();
    let worst = 0;
    for (let t = 0; t < 60; t++) {
      forward(ws, theta);
      const f = ws.outputs[0];
      const ntk = ntkTopEigenvalue(ws, theta).value;
      const closed = uvSharpness(f, ntk, eps, y);
      worst = Math.max(worst, Math.abs(sharpness(ws, theta).value - closed) / closed);
      gdStep(ws, theta, eta);
    }
    expect(worst).toBeLessThan(1e-8);
  });
});
