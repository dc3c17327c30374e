import { z } from 'zod';
import { LIMITS } from '../../spec/limits.js';
import { minimumNtk } from './constants.js';

const finite = z.number();
const positive = z.number().positive();

/** Start directly in function space at (f0, λ0). */
export const functionSpaceInitSchema = z.strictObject({
  f0: finite,
  ntk0: positive,
});

/** Seeded Gaussian weights: U_ij ~ N(0, sigmaU²), v_i ~ N(0, sigmaV²). */
export const seededInitSchema = z.strictObject({
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sigmaU: positive,
  sigmaV: positive,
});

/** f(x) = γ vᵀUx, U ∈ R^{width×inputDim}, trained on one example (x, target). */
export const uvModelSchema = z
  .strictObject({
    kind: z.literal('uv'),
    width: z.number().int().positive().max(LIMITS.width),
    inputDim: z.number().int().positive().max(LIMITS.inputDim),
    /** ‖x‖²; defaults to inputDim */
    inputNorm2: positive.optional(),
    target: finite,
    /** γ; defaults to 1/√width (NTK parameterisation) */
    multiplier: positive.optional(),
    init: z.union([functionSpaceInitSchema, seededInitSchema]),
  })
  .transform((m) => ({
    ...m,
    inputNorm2: m.inputNorm2 ?? m.inputDim,
    multiplier: m.multiplier ?? 1 / Math.sqrt(m.width),
  }))
  .superRefine((m, ctx) => {
    const init = m.init;
    if ('ntk0' in init) {
      const eps = m.multiplier * m.multiplier * m.inputNorm2;
      const floor = minimumNtk(init.f0, eps);
      // Every weight configuration has λ ≥ 2√ε|f| (Cauchy–Schwarz); allow only rounding below it.
      if (init.ntk0 < floor * (1 - 1e-12)) {
        ctx.addIssue({
          code: 'custom',
          path: ['init', 'ntk0'],
          message: `expected ntk0 ≥ 2√ε|f0| = ${floor.toPrecision(6)} (ε = γ²‖x‖² = ${eps.toPrecision(6)}); no weights realise f0 = ${init.f0} with ntk0 = ${init.ntk0}`,
        });
      }
    } else if (m.width * m.inputDim > LIMITS.seededWeights) {
      ctx.addIssue({
        code: 'custom',
        path: ['init'],
        message: `a seeded init draws width × inputDim = ${m.width * m.inputDim} weights; expected at most ${LIMITS.seededWeights} (use {f0, ntk0} for wider models)`,
      });
    }
  });

export type UvModelSpec = z.output<typeof uvModelSchema>;
