import { discreteMapKind } from '../model-kind.js';

/** The Hénon map x' = 1 − a x² + y, y' = b x. */
export const henonKind = discreteMapKind(() => ['a', 'b'], () => ['x', 'y']);
