import { OBSERVABLE_LABEL } from '../analysis/uv-observables.js';
import { UV_OBSERVABLES, UV_SWEEP_PARAMETERS } from '../spec/uv-names.js';
import { MLP_EXTRA_COLUMNS, MLP_OBSERVABLE_LABEL, MLP_OBSERVABLES, MLP_RECORDED, MLP_SWEEP_PARAMETERS } from './mlp/names.js';

/**
 * What the sweep engine, the tables and the figures need to know about a model kind, in one
 * place per kind. Free of zod and of the kernels, so the spec schemas, the workers and the
 * renderers can all read it. (The compute side dispatches in sweep/compute-chunk.ts.)
 */
export interface ModelKindInfo {
  /** parameters a sweep may vary and observables it may plot */
  names(model: ModelLike): { parameters: readonly string[]; observables: readonly string[] };
  /** the recorded state: periods are detected on it and the table has a final_<name> per entry */
  recorded(model: ModelLike): readonly string[];
  /** Lyapunov exponents per grid point */
  exponents(model: ModelLike, requested: number | undefined): number;
  /** extra per-point table columns after the final state */
  extraColumns: readonly string[];
  /** trained by gradient descent: η is the spec's, η × sharpness = 2 is drawn */
  gradientDescent: boolean;
  /** sweep parameters that must stay > 0 */
  positiveParameters: readonly string[];
  /** few, costly points: workers return their samples and the main thread bins them (no pilot run) */
  samplesToMainThread: boolean;
  /** axis labels of the observables (the name itself otherwise) */
  observableLabels: Readonly<Record<string, string>>;
}

/** The fields of a model spec this file reads, without importing its schema. */
interface ModelLike {
  kind: string;
  parameters?: Record<string, number>;
  variables?: string[];
}

const map = (parameters: (m: ModelLike) => readonly string[], variables: (m: ModelLike) => readonly string[]): ModelKindInfo => ({
  names: (m) => ({ parameters: parameters(m), observables: variables(m) }),
  recorded: variables,
  exponents: (m) => variables(m).length,
  extraColumns: [],
  gradientDescent: false,
  positiveParameters: [],
  samplesToMainThread: false,
  observableLabels: {},
});

const KINDS: Record<string, ModelKindInfo> = {
  uv: {
    names: () => ({ parameters: UV_SWEEP_PARAMETERS, observables: UV_OBSERVABLES }),
    recorded: () => ['f', 'ntk'],
    exponents: () => 2,
    extraColumns: [],
    gradientDescent: true,
    positiveParameters: ['eta', 'multiplier', 'inputNorm2', 'ntk0'],
    samplesToMainThread: false,
    observableLabels: OBSERVABLE_LABEL,
  },
  mlp: {
    names: () => ({ parameters: MLP_SWEEP_PARAMETERS, observables: MLP_OBSERVABLES }),
    recorded: () => MLP_RECORDED,
    exponents: (_m, requested) => requested ?? 1,
    extraColumns: MLP_EXTRA_COLUMNS,
    gradientDescent: true,
    positiveParameters: MLP_SWEEP_PARAMETERS,
    samplesToMainThread: true,
    observableLabels: MLP_OBSERVABLE_LABEL,
  },
  logistic: map(() => ['r'], () => ['x']),
  henon: map(() => ['a', 'b'], () => ['x', 'y']),
  expression: map((m) => Object.keys(m.parameters ?? {}), (m) => m.variables ?? []),
};

export function modelKind(model: { kind: string }): ModelKindInfo {
  const info = KINDS[model.kind];
  if (!info) throw new Error(`internal: no model kind "${model.kind}"`);
  return info;
}
