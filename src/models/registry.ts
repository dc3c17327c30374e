import type { MapDefinition } from '../kind/map-definition.js';
import type { ModelKind } from '../kind/model-kind.js';
import type { PortraitSystem } from '../kind/portrait.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import { expressionModelKind } from './expression/model-kind.js';
import { henonModelKind } from './henon/model-kind.js';
import { logisticModelKind } from './logistic/model-kind.js';
import { mlpModelKind } from './mlp/model-kind.js';
import { uvModelKind } from './uv/model-kind.js';

export type { ModelKind } from '../kind/model-kind.js';

/**
 * Every model kind, by the `kind` a spec names: the one place a kind is looked up by name. Entry
 * points (commands, library functions, worker entries) call modelKindOf once and hand the object
 * down. A new kind: its folder, a line here, and its schema in spec/model-schema.ts. Free of zod
 * (the spec schemas are imported for their types only), so worker threads load it cheaply.
 */
const KINDS: Record<string, ModelKind> = {
  uv: uvModelKind,
  mlp: mlpModelKind,
  logistic: logisticModelKind,
  henon: henonModelKind,
  expression: expressionModelKind,
};

export function modelKindOf(model: { kind: string }): ModelKind {
  const kind = Object.hasOwn(KINDS, model.kind) ? KINDS[model.kind] : undefined;
  if (!kind) throw new Error(`internal: no model kind "${model.kind}"`);
  return kind;
}

/** The discrete map of a map kind (logistic, Hénon, expression), from its spec. */
export function mapDefinition(model: GenericModelSpec): MapDefinition {
  const definition = modelKindOf(model).compute.definition;
  if (!definition) throw new Error(`internal: model kind "${model.kind}" is not a discrete map`);
  return definition(model);
}

/** The portrait system of a validated portrait spec, built by its kind. */
export function portraitSystemOf(spec: PortraitSpec): PortraitSystem {
  const kind = modelKindOf(spec.model);
  if (!kind.portrait) throw new Error(`internal: model kind "${kind.name}" has no portrait`);
  return kind.portrait.system(spec);
}
