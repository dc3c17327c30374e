import { discreteMapKind } from '../model-kind.js';

/** A user's map: its parameters and variables are the spec's own names. */
export const expressionKind = discreteMapKind(
  (m) => Object.keys(m.parameters ?? {}),
  (m) => m.variables ?? [],
);
