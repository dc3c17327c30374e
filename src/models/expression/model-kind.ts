import type { ModelKind } from '../../kind/model-kind.js';
import { discreteMapModelKind } from '../discrete-map-kind.js';
import { expressionDefinition } from './definition.js';
import { expressionKind } from './kind.js';
import { loadMathjs } from './mathjs-loader.js';

/** A user's map; compiling it needs mathjs, loaded on each thread before it computes. */
export const expressionModelKind: ModelKind = discreteMapModelKind('expression', expressionKind, expressionDefinition, async () => {
  await loadMathjs();
});
