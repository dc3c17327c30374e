import { LOGISTIC_LOSS } from './logistic.js';
import type { LossName, MlpLoss } from './loss.js';
import { MSE_LOSS } from './mse.js';
import { softmaxCrossEntropyLoss } from './softmax-cross-entropy.js';

/** The loss `model.loss` names, for a network of `outputs` outputs: cross-entropy is logistic with one output, softmax with more. */
export function createLoss(name: LossName, outputs: number): MlpLoss {
  if (name === 'mse') return MSE_LOSS;
  return outputs === 1 ? LOGISTIC_LOSS : softmaxCrossEntropyLoss(outputs);
}
