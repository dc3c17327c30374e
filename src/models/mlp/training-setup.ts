import { resolve } from 'node:path';
import { SpecError } from '../../spec/spec-error.js';
import { checkMlpBuffers } from './buffer-size.js';
import { createMlp, type Mlp } from './architecture.js';
import type { Dataset } from './data/dataset.js';
import { loadDataset } from './data/load-dataset.js';
import { initialParameters, perturbWeights } from './initialize.js';
import { createLoss } from './loss/create-loss.js';
import { MLP_LIMITS } from './names.js';
import type { MlpModelSpec } from './spec-schema.js';
import { readWeightsFile } from './weights-file.js';
import { createWorkspace, type MlpWorkspace } from './workspace.js';

/** The quantities a sweep or phase diagram may vary besides η. */
export interface MlpVariation {
  multiplier?: number;
  /** replaces init.scale */
  initScale?: number;
  /** sets every hidden layer's width */
  width?: number;
}

export interface MlpSetup {
  net: Mlp;
  ws: MlpWorkspace;
  /** θ at initialisation (or from the weights file) */
  theta: Float64Array;
  data: Dataset;
}

/** Data sets are read-only: one copy per thread for all grid points of a sweep. */
const datasets = new Map<string, Dataset>();

function dataset(model: MlpModelSpec, specFile: string): Dataset {
  // cross-entropy reads the same file as labels, and model.outputs fixes a CSV's classes
  const labels = model.loss === 'cross-entropy' ? { outputs: model.outputs } : undefined;
  const key = JSON.stringify([model.data, labels]);
  let data = datasets.get(key);
  if (!data) {
    data = loadDataset(model.data, { specFile, labels });
    datasets.set(key, data);
  }
  return data;
}

/**
 * The network, its workspace on the data and θ at the start of training, for a spec's model
 * (paths already resolved against the spec file) with a grid point's variation applied. `ntk`:
 * the run will compute the NTK eigenvalue, whose Gram matrix must fit too.
 */
export function setupMlp(model: MlpModelSpec, specFile: string, variation: MlpVariation = {}, options: { ntk?: boolean } = {}): MlpSetup {
  const data = dataset(model, specFile);
  if (model.outputs !== undefined && model.outputs !== data.outputs) {
    throw new SpecError(
      specFile,
      'model.outputs',
      `expected ${data.outputs} (the data's targets have ${data.outputs} column${data.outputs > 1 ? 's' : ''}), got ${model.outputs}`,
    );
  }
  const layers = variation.width === undefined ? model.layers : model.layers.map(() => variation.width!);
  const net = createMlp({
    inputDim: data.inputDim,
    layers,
    outputs: data.outputs,
    activation: model.activation,
    bias: model.bias,
    parameterization: model.parameterization,
    multiplier: variation.multiplier ?? model.multiplier,
    init: { seed: model.init.seed, sigmaW: model.init.sigmaW, sigmaB: model.init.sigmaB, scale: variation.initScale ?? model.init.scale },
  });
  if (net.parameterCount > MLP_LIMITS.parameters) {
    throw new SpecError(
      specFile,
      'model.layers',
      `the network has ${net.parameterCount} parameters; expected at most ${MLP_LIMITS.parameters}`,
    );
  }
  // before any buffer is allocated: the example count of a CSV data set is known only now
  checkMlpBuffers(net, data.examples, specFile, options.ntk ?? false);
  let theta: Float64Array;
  if (model.init.weights !== undefined) {
    theta = readWeightsFile(model.init.weights, net, specFile);
    const scale = net.architecture.init.scale; // multiplies loaded weights as it does drawn ones
    if (scale !== 1) for (let k = 0; k < theta.length; k++) theta[k] *= scale;
  } else theta = initialParameters(net);
  const perturbation = model.init.perturbation;
  if (perturbation) perturbWeights(theta, perturbation.norm, perturbation.seed);
  return { net, ws: createWorkspace(net, data, createLoss(model.loss, data.outputs)), theta, data };
}

/** The model with its data and weights paths resolved against a folder (the spec file's, or the caller's working directory). */
export function resolveMlpPaths(model: MlpModelSpec, folder: string): MlpModelSpec {
  const data = model.data.dataset === 'csv' ? { ...model.data, path: resolve(folder, model.data.path) } : model.data;
  const weights = model.init.weights === undefined ? undefined : resolve(folder, model.init.weights);
  return { ...model, data, init: { ...model.init, weights } };
}
