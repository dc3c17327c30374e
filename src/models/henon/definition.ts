import type { MapDefinition } from '../../kind/map-definition.js';
import { createHenonBatch, createHenonMap } from './map.js';
import type { HenonModelSpec } from './spec-schema.js';

export function henonDefinition(model: HenonModelSpec): MapDefinition {
  return {
    stateNames: ['x', 'y'],
    parameterNames: ['a', 'b'],
    parameters: Float64Array.of(model.parameters.a, model.parameters.b),
    initial: Float64Array.of(model.init.x, model.init.y),
    createDiscrete: (p) => createHenonMap({ a: p[0], b: p[1] }),
    createBatch: createHenonBatch,
  };
}
