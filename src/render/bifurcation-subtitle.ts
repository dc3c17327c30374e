import { uvConstants } from '../model/uv-constants.js';
import { describeMlp } from '../models/mlp/describe.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { formatNumber } from './style.js';

/** The line under a bifurcation diagram's title: grid, steps and the fixed model settings. */
export function bifurcationSubtitle(spec: SweepSpec): string {
  return [`${spec.sweep.points} grid points`, `${spec.transient} transient + ${spec.record} recorded steps`, ...modelSummary(spec)].join('   ·   ');
}

/** The fixed model settings worth printing under the title. */
function modelSummary(spec: SweepSpec): string[] {
  const model = spec.model;
  if (model.kind === 'uv') {
    const c = uvConstants(model);
    return [
      `ε = ${formatNumber(c.eps)}`,
      ...(spec.sweep.parameter === 'target' ? [] : [`y = ${formatNumber(c.target)}`]),
      ...(spec.eta !== undefined ? [`η = ${formatNumber(spec.eta)}`] : []),
    ];
  }
  if (model.kind === 'mlp') {
    return [describeMlp(model, spec.sweep.parameter), ...(spec.eta !== undefined ? [`η = ${formatNumber(spec.eta)}`] : [])];
  }
  const fixed = Object.entries(model.parameters).filter(([name]) => name !== spec.sweep.parameter);
  return [`${model.kind} map`, ...fixed.map(([name, value]) => `${name} = ${formatNumber(value)}`)];
}
