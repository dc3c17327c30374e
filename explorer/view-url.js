// The view — swept range, observable range, observable, steps, grid points — as a query string:
// what the page's URL holds (so a view can be shared and reloaded) and what the API reads.

export const VIEW_KEYS = ['from', 'to', 'ymin', 'ymax', 'obs', 'transient', 'record', 'columns'];
const NUMERIC = new Set(['from', 'to', 'ymin', 'ymax', 'transient', 'record', 'columns']);

/** The view in a URL's query, each missing field taken from `defaults`. */
export function viewFromSearch(search, defaults) {
  const params = new URLSearchParams(search);
  const view = { ...defaults };
  for (const key of VIEW_KEYS) {
    const text = params.get(key);
    if (text === null || text === '') continue;
    view[key] = NUMERIC.has(key) ? Number(text) : text;
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
