import { discreteMapKind } from '../discrete-map-info.js';

/** The Hénon map x' = 1 − a x² + y, y' = b x. */
export const henonKind = discreteMapKind(
  () => ['a', 'b'],
  () => ['x', 'y'],
);
