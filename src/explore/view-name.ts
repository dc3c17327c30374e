import { DESCRIPTION_MAX_CHARS } from '../spec/spec-header.js';
import type { SweepSpec } from '../spec/sweep-spec.js';

/**
 * A parameter value in a file name: as many significant digits as it takes to resolve a
 * thousandth to a hundredth of the view's span (so `1.4444` and `1.4695` for a zoom 0.025 wide),
 * at least two, at most seventeen.
 */
export function valueForName(value: number, span: number): string {
  if (value === 0 || !(span > 0)) return String(value);
  const digits = Math.ceil(Math.log10(Math.abs(value) / span)) + 3;
  return String(Number(value.toPrecision(Math.min(17, Math.max(2, digits)))));
}

/**
 * The name an exported view takes: the spec's name, the parameter and the range, e.g.
 * `uv-route-to-chaos-eta-1.4444-1.4695`, so `uvchaos sweep` on it never overwrites the original
 * run's files. Cut to the 100 characters a spec name may have.
 */
export function viewName(baseName: string, spec: SweepSpec): string {
  const { parameter, from, to } = spec.sweep;
  const span = to - from;
  const suffix = `-${parameter}-${valueForName(from, span)}-${valueForName(to, span)}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${baseName.slice(0, Math.max(1, 100 - suffix.length))}${suffix}`.slice(0, 100);
}

/** The exported view's description: the range it shows, then the base spec's description. */
export function viewDescription(baseDescription: string | undefined, spec: SweepSpec): string {
  const { parameter, from, to, points } = spec.sweep;
  const range = `A view exported from uvchaos explore: ${parameter} from ${from} to ${to} (${points} points), ${spec.transient} transient + ${spec.record} recorded steps, observable ${spec.observable}.`;
  return (baseDescription ? `${range} ${baseDescription}` : range).slice(0, DESCRIPTION_MAX_CHARS);
}
