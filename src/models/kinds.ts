import type { ModelKindInfo } from './model-kind.js';
import { expressionKind } from './expression/kind.js';
import { henonKind } from './henon/kind.js';
import { logisticKind } from './logistic/kind.js';
import { mlpKind } from './mlp/kind.js';
import { uvKind } from './uv/kind.js';

export type { ModelKindInfo } from './model-kind.js';

/** Every model kind, by the `kind` a spec names. A new kind: its folder, a line here, in compute.ts and in spec/model-schema.ts. */
const KINDS: Record<string, ModelKindInfo> = {
  uv: uvKind,
  mlp: mlpKind,
  logistic: logisticKind,
  henon: henonKind,
  expression: expressionKind,
};

export function modelKind(model: { kind: string }): ModelKindInfo {
  const info = Object.hasOwn(KINDS, model.kind) ? KINDS[model.kind] : undefined;
  if (!info) throw new Error(`internal: no model kind "${model.kind}"`);
  return info;
}
