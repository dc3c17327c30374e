// The view — swept range, observable range, observable, steps, grid points — as a query string:
// what the page's URL holds (so a view can be shared and reloaded) and what the API reads.

export const VIEW_KEYS = ['from', 'to', 'ymin', 'ymax', 'obs', 'transient', 'record', 'columns'];
const NUMERIC = new Set(['from', 'to', 'ymin', 'ymax', 'transient', 'record', 'columns']);

/**
 * The view in a URL's query, each missing field taken from `defaults`. A field that is not a
 * number, or an integer field outside its range (`ranges`: the session's), is left at its default
 * and described in `problems`, so a hand-edited URL never puts NaN into the page.
 */
export function viewFromSearch(search, defaults, ranges = {}, problems = []) {
  const params = new URLSearchParams(search);
  const view = { ...defaults };
  for (const key of VIEW_KEYS) {
    const text = params.get(key);
    if (text === null || text === '') continue;
    if (!NUMERIC.has(key)) {
      view[key] = text;
      continue;
    }
    const value = Number(text);
    const problem = numberProblem(value, ranges[key]);
    if (problem) problems.push(`${key}=${text.slice(0, 40)} in the URL: ${problem}; using ${defaults[key] ?? "the spec's value"}`);
    else view[key] = value;
  }
  if (view.ymin === undefined || view.ymax === undefined) {
    delete view.ymin;
    delete view.ymax;
  }
  return view;
}

/** The query string of a view (fields in a fixed order, so equal views give equal strings). */
export function viewSearch(view, extra = {}) {
  const params = new URLSearchParams();
  for (const key of VIEW_KEYS) if (view[key] !== undefined && view[key] !== null) params.set(key, String(view[key]));
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params.toString();
}

/** A dragged coordinate, rounded to the digits that matter on an axis `span` wide (1e-6 of it). */
export function roundForSpan(value, span) {
  if (!(span > 0) || value === 0) return value;
  const digits = Math.ceil(Math.log10(Math.abs(value) / (span * 1e-6)));
  return Number(value.toPrecision(Math.min(17, Math.max(3, digits))));
}

/** Why `value` is not acceptable for a field with integer range `range` ([min, max]), or null. */
export function numberProblem(value, range) {
  if (!Number.isFinite(value)) return 'expected a number';
  if (!range) return null;
  const [min, max] = range;
  if (!Number.isInteger(value) || value < min || value > max) return `expected an integer from ${min} to ${max}`;
  return null;
}
