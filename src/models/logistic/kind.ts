import { discreteMapKind } from '../discrete-map-info.js';

/** The logistic map x' = r x (1 − x). */
export const logisticKind = discreteMapKind(
  () => ['r'],
  () => ['x'],
);
