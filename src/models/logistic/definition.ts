import type { MapDefinition } from '../../kind/map-definition.js';
import { createLogisticBatch, createLogisticMap } from './map.js';
import type { LogisticModelSpec } from './spec-schema.js';

export function logisticDefinition(model: LogisticModelSpec): MapDefinition {
  return {
    stateNames: ['x'],
    parameterNames: ['r'],
    parameters: Float64Array.of(model.parameters.r),
    initial: Float64Array.of(model.init.x),
    createDiscrete: (p) => createLogisticMap({ r: p[0] }),
    createBatch: createLogisticBatch,
  };
}
