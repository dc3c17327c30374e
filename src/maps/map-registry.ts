import { kindCompute } from '../models/compute.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import type { MapDefinition } from './map-definition.js';

export type { MapDefinition } from './map-definition.js';

/** The discrete map of a map kind (logistic, Hénon, expression), from its spec. */
export function mapDefinition(model: GenericModelSpec): MapDefinition {
  const definition = kindCompute(model).definition;
  if (!definition) throw new Error(`internal: model kind "${model.kind}" is not a discrete map`);
  return definition(model);
}
