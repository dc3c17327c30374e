import { z } from 'zod';
import { ACTIVATIONS } from './activation.js';
import { NORMALIZATIONS } from './data/normalize.js';
import { LANCZOS_DEFAULTS } from '../../analysis/lanczos.js';
import { LOSSES } from './loss/loss.js';
import { MLP_LIMITS } from './names.js';

const digitsDataSchema = z.strictObject({
  dataset: z.literal('digits'),
  /** digits to keep; two classes give one ±targetScale output, more give one-hot outputs */
  classes: z.union([z.array(z.number().int().min(0).max(9)).min(2).max(10), z.literal('all')]).default([0, 1]),
  examples: z.number().int().min(1).default(256),
  normalize: z.enum(NORMALIZATIONS).default('unit'),
  targetScale: z.number().positive().default(1),
});

const csvDataSchema = z.strictObject({
  dataset: z.literal('csv'),
  /** relative to the spec file */
  path: z.string().min(1),
  targets: z.array(z.string().min(1)).min(1),
  examples: z.number().int().min(1).optional(),
  normalize: z.enum(NORMALIZATIONS).default('none'),
});

/**
 * A multi-layer perceptron trained by full-batch GD on L = (1/2n) Σᵢ ‖f(xᵢ) − yᵢ‖² (`loss: "mse"`)
 * or on cross-entropy (loss/). The forward pass, parameterisations and θ layout are defined in
 * architecture.ts; the data in data/.
 */
export const mlpModelSchema = z.strictObject({
  kind: z.literal('mlp'),
  /** hidden widths [n1, n2, …] */
  layers: z.array(z.number().int().min(1).max(MLP_LIMITS.width)).min(1).max(MLP_LIMITS.hiddenLayers),
  activation: z.enum(ACTIVATIONS).default('tanh'),
  bias: z.boolean().default(true),
  /** 1 for two classes or one target column; else one per class / target column (checked against the data) */
  outputs: z.number().int().min(1).optional(),
  /** "cross-entropy": softmax over the outputs (logistic with one output), mean over the examples; the targets are class labels */
  loss: z.enum(LOSSES).default('mse'),
  parameterization: z.enum(['ntk', 'standard']).default('ntk'),
  /** γ, multiplies the network's output */
  multiplier: z.number().positive().default(1),
  init: z
    .strictObject({
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      sigmaW: z.number().positive().default(1),
      sigmaB: z.number().min(0).default(1),
      /** multiplies every initial parameter */
      scale: z.number().positive().default(1),
      /** continue from a checkpoint written by --save-weights (path relative to the spec file) */
      weights: z.string().min(1).optional(),
      /**
       * adds seeded Gaussian noise of Euclidean norm exactly `norm` to the initial weights (drawn or
       * loaded): a sweep's initialConditions.perturbation sets it for each of its runs
       */
      perturbation: z.strictObject({ norm: z.number().positive(), seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).optional(),
    })
    .prefault({}),
  data: z.discriminatedUnion('dataset', [digitsDataSchema, csvDataSchema]),
  /** Lanczos on exact Hessian-vector products, warm-started from the previous step's eigenvector */
  sharpness: z
    .strictObject({
      tolerance: z.number().positive().max(1e-2).default(LANCZOS_DEFAULTS.tolerance),
      maxIterations: z.number().int().min(2).max(1000).default(LANCZOS_DEFAULTS.maxIterations),
    })
    .prefault({}),
});

export type MlpModelSpec = z.output<typeof mlpModelSchema>;
