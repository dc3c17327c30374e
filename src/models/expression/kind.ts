import { discreteMapKind } from '../discrete-map-info.js';

/**
 * A user's map: its parameters and variables are the spec's own names. Its sweeps always run on
 * workers: compiling it needs mathjs, which takes a second to load (the workers load it meanwhile).
 */
export const expressionKind = {
  ...discreteMapKind(
    (m) => Object.keys(m.parameters ?? {}),
    (m) => m.variables ?? [],
  ),
  inlineSweeps: false,
};
