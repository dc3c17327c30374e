import type { MapDefinition } from '../../kind/map-definition.js';
import { compileExpressionMap, type CompiledExpressionMap } from './expression-map.js';
import type { ExpressionModelSpec } from './spec-schema.js';

/** Compiled expression maps, per thread, keyed by the model's JSON (workers compile once). */
const compiled = new Map<string, CompiledExpressionMap>();

export function expressionDefinition(model: ExpressionModelSpec): MapDefinition {
  const key = JSON.stringify(model);
  let map = compiled.get(key);
  if (!map) {
    map = compileExpressionMap(model);
    compiled.set(key, map);
  }
  const m = map;
  return {
    stateNames: m.variables,
    parameterNames: m.parameterNames,
    parameters: Float64Array.from(m.parameterNames, (p) => model.parameters[p]),
    // own keys only: a variable named like an Object.prototype member (toString) starts at 0
    initial: Float64Array.from(m.variables, (v) => (Object.hasOwn(model.init, v) ? model.init[v] : 0)),
    createDiscrete: (p) => m.create(p),
    createBatch: (lanes) => m.createBatch(lanes),
  };
}
