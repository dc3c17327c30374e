import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../src/models/mlp/architecture.js';
import { checkMlpBuffers, largestArenaBytes, workspaceBufferLengths } from '../../../src/models/mlp/buffer-size.js';
import { checkMlpSpec } from '../../../src/models/mlp/check-spec.js';
import { mlpModelSchema } from '../../../src/models/mlp/spec-schema.js';
import { ntkGram } from '../../../src/models/mlp/ntk.js';
import { WASM_MEMORY_MAX_BYTES } from '../../../src/models/mlp/wasm-kernels.js';
import { SpecError } from '../../../src/spec/spec-error.js';
import { architecture, problem } from './mlp-helpers.js';

const shape = fc.record({
  inputDim: fc.integer({ min: 1, max: 6 }),
  layers: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
  outputs: fc.integer({ min: 1, max: 4 }),
  bias: fc.boolean(),
  examples: fc.integer({ min: 1, max: 9 }),
});

describe('the MLP buffer sizes', () => {
  it('are what the workspace allocates, buffer for buffer, and the Gram matrix buffers fit in their list', () => {
    fc.assert(
      fc.property(shape, ({ examples, ...fields }) => {
        const { net, ws, theta } = problem(architecture(fields), examples);
        const views = [ws.pre, ws.act, ws.firstDerivative, ws.secondDerivative, ws.delta, ws.back, ws.rPre, ws.rAct, ws.rDelta].flat();
        views.push(
          ws.inputs,
          ws.outputs,
          ws.residual,
          ws.rBack,
          ws.weightsT,
          ws.gradient,
          ws.directionT,
          ws.parameters,
          ws.direction,
          ws.product,
        );
        const sum = (lengths: number[]) => lengths.reduce((s, n) => s + n, 0);
        expect(sum(views.map((v) => v.length))).toBe(sum(workspaceBufferLengths(net, examples)));
        // the Gram arena is sized by gramBufferLengths: an allocation beyond it would throw "arena … is full"
        expect(ntkGram(ws, theta)).toHaveLength((examples * fields.outputs) ** 2);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('a minibatch workspace on b ≤ n examples never has the largest arena', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 9 }), ({ examples, ...fields }, b) => {
        const net = createMlp(architecture(fields));
        const batch = Math.min(b, examples);
        expect(largestArenaBytes(net, batch, false)).toBeLessThanOrEqual(largestArenaBytes(net, examples, false));
      }),
      { seed: 7, numRuns: 40 },
    );
  });

  it('a network refused on n examples is told the largest count that fits, and that count passes', () => {
    const big = fc.record({
      inputDim: fc.integer({ min: 1, max: 64 }),
      layers: fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 4 }),
      outputs: fc.integer({ min: 1, max: 20 }),
      examples: fc.integer({ min: 1, max: 20_000_000 }),
      ntk: fc.boolean(),
    });
    fc.assert(
      fc.property(big, ({ examples, ntk, ...fields }) => {
        const net = createMlp(architecture(fields));
        const fits = (n: number) => largestArenaBytes(net, n, ntk) <= WASM_MEMORY_MAX_BYTES;
        let error: unknown = null;
        try {
          checkMlpBuffers(net, examples, 'spec.json', ntk);
        } catch (e) {
          error = e;
        }
        if (fits(examples)) {
          expect(error).toBeNull();
          return;
        }
        expect(error).toBeInstanceOf(SpecError);
        const { field, message } = error as SpecError;
        expect(field).toBe('model.data.examples');
        expect(message).not.toContain('\n');
        const most = Number(/at most (\d+) examples fit$/.exec(message)![1]);
        expect(most).toBeLessThan(examples);
        if (most > 0) expect(fits(most)).toBe(true);
        expect(fits(most + 1)).toBe(false);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('all 1797 digits with 10 outputs: refused for a trajectory (the NTK Gram matrix), accepted for a sweep (no Gram matrix)', () => {
    const model = mlpModelSchema.parse({ kind: 'mlp', layers: [8], data: { dataset: 'digits', classes: 'all', examples: 1797 } });
    expect(() => checkMlpSpec(model, 'spec.json', [])).toThrow(/spec\.json: model\.data\.examples: needs 4\.85 GiB .*the NTK Gram matrix/);
    expect(() => checkMlpSpec(model, 'spec.json', [{ parameter: 'eta', from: 0.1, to: 1 }])).not.toThrow();
  });
});
