import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/models/mlp/accuracy.js';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { forward } from '../../../src/models/mlp/forward.js';
import { lossGradient } from '../../../src/models/mlp/gradient.js';
import { initialParameters } from '../../../src/models/mlp/initialize.js';
import { createWorkspace } from '../../../src/models/mlp/workspace.js';
import { architecture, maxAbs, maxAbsDifference, randomData } from './mlp-helpers.js';

describe('parameter layout and initialisation', () => {
  it('lays θ out layer by layer, W row-major then b', () => {
    const net = createMlp(architecture({ inputDim: 3, layers: [4, 5], outputs: 2, bias: true }));
    expect(net.widths).toEqual([3, 4, 5, 2]);
    expect(net.layout.map((l) => [l.inputs, l.outputs, l.weightOffset, l.biasOffset])).toEqual([
      [3, 4, 0, 12],
      [4, 5, 16, 36],
      [5, 2, 41, 51],
    ]);
    expect(net.parameterCount).toBe(53);
    const noBias = createMlp(architecture({ inputDim: 3, layers: [4, 5], outputs: 2, bias: false }));
    expect(noBias.layout.map((l) => [l.weightOffset, l.biasOffset])).toEqual([
      [0, -1],
      [12, -1],
      [32, -1],
    ]);
    expect(noBias.parameterCount).toBe(42);
  });

  it('rejects nonsense shapes', () => {
    expect(() => createMlp(architecture({ layers: [] }))).toThrow(/at least one hidden layer/);
    expect(() => createMlp(architecture({ layers: [3, 0] }))).toThrow(/positive integers/);
    expect(() => createMlp(architecture({ multiplier: NaN }))).toThrow(/multiplier/);
  });

  it('draws the documented distributions, reproducibly', () => {
    const ntk = createMlp(architecture({ inputDim: 10, layers: [2000], outputs: 1, init: { seed: 2, sigmaW: 2, sigmaB: 0.5, scale: 3 } }));
    const standard = createMlp({ ...ntk.architecture, parameterization: 'standard' });
    const a = initialParameters(ntk);
    const b = initialParameters(standard);
    expect(Array.from(initialParameters(ntk))).toEqual(Array.from(a));
    const rms = (t: Float64Array, from: number, to: number) => Math.sqrt(t.subarray(from, to).reduce((s, x) => s + x * x, 0) / (to - from));
    const w1 = ntk.layout[0];
    // sample RMS within 5 % (20000 and 2000 draws: standard errors 0.5 % and 1.6 %)
    expect(rms(a, 0, 20000) / 3).toBeCloseTo(1, 1); // scale · N(0, 1)
    expect(rms(b, 0, 20000) / ((3 * 2) / Math.sqrt(10))).toBeCloseTo(1, 1); // scale · σ_w/√fan-in · N(0, 1)
    expect(rms(b, w1.biasOffset, w1.biasOffset + 2000) / (3 * 0.5)).toBeCloseTo(1, 1); // scale · σ_b · N(0, 1)
    expect(rms(a, w1.biasOffset, w1.biasOffset + 2000) / 3).toBeCloseTo(1, 1); // "ntk" biases: scale · N(0, 1)
  });

  it('"ntk" and "standard" give the same function at initialisation; their gradients differ by the layer multipliers', () => {
    for (const bias of [true, false]) {
      const arch = architecture({
        inputDim: 4,
        layers: [6, 5],
        outputs: 3,
        bias,
        activation: 'gelu',
        init: { seed: 8, sigmaW: 1.7, sigmaB: 0.3, scale: 1.4 },
      });
      const data = randomData(7, 4, 3, 6);
      const ntk = createMlp(arch);
      const standard = createMlp({ ...arch, parameterization: 'standard' });
      const wsNtk = createWorkspace(ntk, data);
      const wsStandard = createWorkspace(standard, data);
      const thetaNtk = initialParameters(ntk);
      const thetaStandard = initialParameters(standard);
      forward(wsNtk, thetaNtk);
      forward(wsStandard, thetaStandard);
      expect(maxAbsDifference(wsNtk.outputs, wsStandard.outputs) / maxAbs(wsNtk.outputs)).toBeLessThan(1e-14);
      // θ_standard = c ⊙ θ_ntk with c = σ_w/√fan-in on W and σ_b on b, so ∇_standard = ∇_ntk / c.
      const gNtk = lossGradient(wsNtk, thetaNtk);
      const gStandard = lossGradient(wsStandard, thetaStandard);
      for (const layer of ntk.layout) {
        for (let k = layer.weightOffset; k < layer.weightOffset + layer.inputs * layer.outputs; k++) {
          expect(gStandard[k]).toBeCloseTo(gNtk[k] / layer.weightMultiplier, 12);
        }
        if (layer.biasOffset >= 0) {
          for (let k = layer.biasOffset; k < layer.biasOffset + layer.outputs; k++)
            expect(gStandard[k]).toBeCloseTo(gNtk[k] / layer.biasMultiplier, 12);
        }
      }
    }
  });
});

describe('accuracy', () => {
  it('sign for one output, argmax for several', () => {
    // Zero weights and a chosen output bias give every example the same prediction, so the
    // accuracy is the share of examples of that class.
    const one = createMlp(architecture({ inputDim: 2, layers: [3], outputs: 1 }));
    const targets = new Float64Array([1, -1, -1, 1, -1]);
    const ws = createWorkspace(one, { inputs: new Float64Array(10).fill(0.5), targets, examples: 5, inputDim: 2, outputs: 1 });
    const theta = new Float64Array(one.parameterCount);
    theta[one.layout[1].biasOffset] = -2;
    expect(accuracy(ws, theta)).toBe(3 / 5);
    theta[one.layout[1].biasOffset] = 2;
    expect(accuracy(ws, theta)).toBe(2 / 5);
    theta[one.layout[1].biasOffset] = 0;
    expect(accuracy(ws, theta)).toBe(0); // f = 0 is no prediction

    const three = createMlp(architecture({ inputDim: 2, layers: [3], outputs: 3 }));
    const oneHot = new Float64Array([0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]).map((y) => y - 1 / 3); // centred works too
    const ws3 = createWorkspace(three, { inputs: new Float64Array(8).fill(0.5), targets: oneHot, examples: 4, inputDim: 2, outputs: 3 });
    const theta3 = new Float64Array(three.parameterCount);
    theta3.set([0.1, 2, 1], three.layout[1].biasOffset);
    expect(accuracy(ws3, theta3)).toBe(2 / 4);
  });
});
