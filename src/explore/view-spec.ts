import { SpecError } from '../spec/spec-error.js';
import { validateSpec } from '../spec/load-spec.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { ApiError } from './api-error.js';
import { checkViewCost } from './view-cost.js';
import { viewDescription, viewName } from './view-name.js';
import { unresolvableRange } from './view-resolution.js';
import type { ViewQuery } from './view-params.js';

/** The spec the explorer was started on: its file, its JSON as written, and the validated spec. */
export interface BaseSpec {
  file: string;
  raw: Record<string, unknown>;
  spec: SweepSpec;
}

/** Which view field a spec field comes from, so a 400 names what the page sent. */
const VIEW_FIELD: Record<string, string> = {
  'sweep.from': 'from',
  'sweep.to': 'to',
  'sweep.points': 'columns',
  'image.yRange': 'ymin',
  observable: 'obs',
  transient: 'transient',
  record: 'record',
  'period.max': 'record',
};

/**
 * The sweep spec of a view: the base spec's JSON with the view's range, steps, observable, grid
 * points and y range put in, validated by the same schema as `uvchaos sweep` (so the explorer
 * accepts exactly the views that command would run). The model is the base spec's, already
 * checked and with its paths resolved; the view cannot change it. Over the step budget or the
 * samples cap (explore/view-cost.ts): a 413.
 */
export function viewSpec(base: BaseSpec, view: ViewQuery): SweepSpec {
  const raw = base.raw;
  const sweep = { ...(raw.sweep as object), ...defined({ from: view.from, to: view.to, points: view.columns }) };
  const image = {
    ...((raw.image as object | undefined) ?? {}),
    ...defined({ yRange: view.ymin !== undefined ? [view.ymin, view.ymax] : undefined }),
  };
  const candidate = { ...raw, sweep, image, ...defined({ observable: view.obs, transient: view.transient, record: view.record }) };
  let spec: SweepSpec;
  try {
    spec = validateSpec(base.file, candidate, sweepSpecSchema);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const field = (err.field && VIEW_FIELD[err.field]) ?? err.field ?? undefined;
    const detail = err.field && VIEW_FIELD[err.field] && VIEW_FIELD[err.field] !== err.field ? `${err.field}: ${err.detail}` : err.detail;
    throw new ApiError(400, `${field ?? 'view'}: ${detail}`, field);
  }
  const checked = { ...spec, model: base.spec.model };
  const unresolvable = unresolvableRange(checked.sweep.from, checked.sweep.to, checked.sweep.points);
  if (unresolvable) throw new ApiError(400, `to: ${unresolvable}`, 'to');
  checkViewCost(checked);
  return checked;
}

/** The view with every field filled in from its spec (what the page's URL and the exports name). */
export function viewOf(spec: SweepSpec): Required<Omit<ViewQuery, 'ymin' | 'ymax'>> & Pick<ViewQuery, 'ymin' | 'ymax'> {
  return {
    from: spec.sweep.from,
    to: spec.sweep.to,
    obs: spec.observable,
    transient: spec.transient,
    record: spec.record,
    columns: spec.sweep.points,
    ...(spec.image.yRange ? { ymin: spec.image.yRange[0], ymax: spec.image.yRange[1] } : {}),
  };
}

/**
 * The view as a spec file for `uvchaos sweep`: the base spec's JSON as written (its model as the
 * user wrote it, relative paths included) with the view's fields, name and description, and its y range (the page always
 * sends the range it shows, so the command draws the same window).
 */
export function exportedSpecJson(base: BaseSpec, spec: SweepSpec, yRange: [number, number] | undefined): string {
  const raw = base.raw;
  const out = {
    ...raw,
    // named and described after the view, so `uvchaos sweep` on it writes beside the original run's files
    name: viewName(base.spec.name, spec),
    description: viewDescription(base.spec.description, spec),
    sweep: { ...(raw.sweep as object), from: spec.sweep.from, to: spec.sweep.to, points: spec.sweep.points },
    transient: spec.transient,
    record: spec.record,
    observable: spec.observable,
    ...(yRange || raw.image ? { image: { ...((raw.image as object | undefined) ?? {}), ...(yRange ? { yRange } : {}) } } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
