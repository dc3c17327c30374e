import type { GenericModelSpec } from '../spec/generic-model-schema.js';
import type { BatchMap } from './batch-map.js';
import type { DiscreteMap } from './discrete-map.js';
import { compileExpressionMap, type CompiledExpressionMap } from './expression/expression-map.js';
import { createHenonBatch, createHenonMap } from './henon-map.js';
import { createLogisticBatch, createLogisticMap } from './logistic-map.js';

/** Everything the engine needs to run a non-UV map from its spec. */
export interface MapDefinition {
  stateNames: readonly string[];
  parameterNames: readonly string[];
  /** the spec's parameter values, in parameterNames order */
  parameters: Float64Array;
  /** the spec's initial state, in stateNames order */
  initial: Float64Array;
  createDiscrete(parameters: Float64Array): DiscreteMap;
  createBatch(lanes: number): BatchMap;
}

/** Compiled expression maps, per thread, keyed by the model's JSON (workers compile once). */
const compiled = new Map<string, CompiledExpressionMap>();

export function mapDefinition(model: GenericModelSpec): MapDefinition {
  switch (model.kind) {
    case 'logistic':
      return {
        stateNames: ['x'],
        parameterNames: ['r'],
        parameters: Float64Array.of(model.parameters.r),
        initial: Float64Array.of(model.init.x),
        createDiscrete: (p) => createLogisticMap({ r: p[0] }),
        createBatch: createLogisticBatch,
      };
    case 'henon':
      return {
        stateNames: ['x', 'y'],
        parameterNames: ['a', 'b'],
        parameters: Float64Array.of(model.parameters.a, model.parameters.b),
        initial: Float64Array.of(model.init.x, model.init.y),
        createDiscrete: (p) => createHenonMap({ a: p[0], b: p[1] }),
        createBatch: createHenonBatch,
      };
    case 'expression': {
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
  }
}
