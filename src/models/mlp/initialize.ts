import { SeededRandom } from '../../random/rng.js';
import type { Mlp } from './architecture.js';

/**
 * θ at initialisation, drawn from the seeded generator in θ's own order (layer by layer, W_l
 * row-major, then b_l), so a seed gives the same weights on every machine:
 *
 *   "ntk":      W_l[j][k] = scale · N(0, 1),                b_l[j] = scale · N(0, 1)
 *   "standard": W_l[j][k] = scale · σ_w/√w_{l−1} · N(0, 1),  b_l[j] = scale · σ_b · N(0, 1)
 *
 * A one-hidden-layer network without bias draws W_1 row-major and then W_2, exactly the order in
 * which the UV model's seeded init draws U and v (src/models/uv/network.ts).
 */
export function initialParameters(net: Mlp): Float64Array {
  const { parameterization, init } = net.architecture;
  const theta = new Float64Array(net.parameterCount);
  const rng = new SeededRandom(init.seed);
  for (const layer of net.layout) {
    const weightScale = init.scale * (parameterization === 'ntk' ? 1 : init.sigmaW / Math.sqrt(layer.inputs));
    const weightEnd = layer.weightOffset + layer.inputs * layer.outputs;
    for (let k = layer.weightOffset; k < weightEnd; k++) theta[k] = weightScale * rng.gaussian();
    if (layer.biasOffset >= 0) {
      const biasScale = init.scale * (parameterization === 'ntk' ? 1 : init.sigmaB);
      for (let k = layer.biasOffset; k < layer.biasOffset + layer.outputs; k++) theta[k] = biasScale * rng.gaussian();
    }
  }
  return theta;
}

/**
 * Adds seeded Gaussian noise of Euclidean norm exactly `norm` to θ: g ~ N(0, I) drawn in θ's order
 * from SeededRandom(seed), then θ += norm · g / ‖g‖.
 */
export function perturbWeights(theta: Float64Array, norm: number, seed: number): void {
  const rng = new SeededRandom(seed);
  const g = new Float64Array(theta.length);
  let squares = 0;
  for (let k = 0; k < g.length; k++) {
    g[k] = rng.gaussian();
    squares += g[k] * g[k];
  }
  const scale = norm / Math.sqrt(squares);
  for (let k = 0; k < theta.length; k++) theta[k] += scale * g[k];
}
