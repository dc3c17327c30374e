// The explorer page: asks the server for a view's passes, draws them, and turns drags into zooms,
// hovers into read-outs and clicks into orbits. The view lives in the URL (history back/forward).
import { drawFrame, drawLegend, indexAt, MARGIN, OBS_HEIGHT, xScale, yScale } from './diagram.js';
import { readFrames } from './frames.js';
import { formatValue, periodText, showOrbit } from './orbit-panel.js';
import { roundForSpan, viewFromSearch, viewSearch } from './view-url.js';

const $ = (id) => document.getElementById(id);
const figure = $('figure');
const canvas = $('density');
const svg = $('axes');
const box = $('zoom-box');
// A page's channel: the server cancels this page's older view when a newer one arrives on it.
const channel = Math.random().toString(36).slice(2, 12);
// Timings and events for tests and benchmarks (performance.now(): ms since the page started loading).
const probe = (window.__explorer = { frames: [], errors: [], orbits: 0 });

let session;
let defaults;
let current = null; // { header, geometry } of the diagram on screen
let viewRequest = null;
let orbitRequest = null;
const cache = new Map(); // full passes already drawn, by view and size: back/forward redraw at once

function plotWidth() {
  const available = window.innerWidth - MARGIN.left - MARGIN.right - 32;
  return Math.max(300, Math.min(1600, Math.floor(available)));
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

function observableLabel(name) {
  return session.observables.find((o) => o.name === name)?.label ?? name;
}

/** Draws a view: from this page's cache, or streamed from the server (coarse pass, then full). */
async function show(view, options = {}) {
  fillControls(view);
  const width = plotWidth();
  const key = `${viewSearch(view)}&width=${width}`;
  viewRequest?.abort();
  const cached = cache.get(key);
  if (cached) {
    draw(cached.header, cached.rgba, true);
    return;
  }
  const request = new AbortController();
  viewRequest = request;
  figure.dataset.pass = 'pending';
  setStatus(`computing ${view.columns} points × ${view.transient + view.record} steps …`);
  try {
    const response = await fetch(`/api/view?${viewSearch(view, { width, height: OBS_HEIGHT, channel })}`, { signal: request.signal });
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: response.statusText }));
      throw new Error(`${response.status}: ${body.error}`);
    }
    await readFrames(response, (header, rgba) => {
      if (viewRequest !== request) return;
      draw(header, rgba, false);
      // the first view may come from a bare URL: write the whole view in, so it can be shared
      if (options.replaceUrl) history.replaceState(null, '', `?${viewSearch(header.view)}`);
      probe.frames.push({ pass: header.pass, sweepId: header.sweepId, at: performance.now(), view: header.view, seconds: header.seconds });
      if (header.pass === 'full') {
        cache.set(key, { header, rgba });
        if (cache.size > 24) cache.delete(cache.keys().next().value);
      }
    });
  } catch (err) {
    if (request.signal.aborted) return;
    figure.dataset.pass = 'error';
    probe.errors.push(String(err.message ?? err));
    setStatus(String(err.message ?? err), true);
  }
}

function draw(header, rgba, fromCache) {
  const g = drawFrame(canvas, svg, header, rgba);
  figure.style.width = `${g.totalWidth}px`;
  figure.style.height = `${g.totalHeight}px`;
  drawLegend($('legend'), header);
  current = { header, g };
  fillControls(header.view);
  Object.assign(figure.dataset, {
    pass: header.pass,
    sweepId: String(header.sweepId),
    from: String(header.view.from),
    to: String(header.view.to),
    xMin: String(header.x.min),
    xMax: String(header.x.max),
    yMin: String(header.y.min),
    yMax: String(header.y.max),
    points: String(header.points),
  });
  const exportView = { ...header.view, ymin: header.y.min, ymax: header.y.max };
  $('export-spec').href = `/api/export/spec?${viewSearch(exportView)}`;
  $('export-png').href = `/api/export/png?${viewSearch(exportView)}`;
  $('export-csv').href = `/api/export/csv?${viewSearch(exportView)}`;
  const steps = header.view.transient + header.view.record;
  const what =
    header.pass === 'coarse' ? `coarse pass, ${header.points} points (full pass running)` : `${header.points} points × ${steps} steps`;
  const clipped = header.clipped > 0 ? ` · ${header.clipped} samples outside the y range` : '';
  setStatus(`${what} in ${header.seconds.toFixed(2)} s${fromCache ? ' (from this page’s history)' : ''}${clipped}`);
}

// ---- the view's controls and their cost ------------------------------------------------------

function fillControls(view) {
  if (!session || view.obs === undefined) return;
  $('obs').value = view.obs;
  $('transient').value = view.transient;
  $('record').value = view.record;
  $('columns').value = view.columns;
  updateCost();
}

function updateCost() {
  const columns = Number($('columns').value);
  const steps = Number($('transient').value) + Number($('record').value);
  const cost = columns * steps;
  const over = !(cost <= session.budget);
  $('cost').textContent = `cost ${columns} × ${steps} = ${cost.toExponential(2)} steps (budget ${session.budget.toExponential(0)})`;
  $('cost').classList.toggle('over', over);
}

function currentView() {
  return viewFromSearch(location.search, defaults);
}

function go(view) {
  history.pushState(null, '', `?${viewSearch(view)}`);
  show(view);
}

// ---- pointer: hover read-out, drag to zoom, click for the orbit ------------------------------

let drag = null;

function local(event) {
  const rect = figure.getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
}

function inObsPanel(p, g) {
  return p.x >= g.left && p.x <= g.left + g.width && p.y >= g.obsTop && p.y <= g.obsTop + g.obsHeight;
}

function inAnyPanel(p, g) {
  return p.x >= g.left && p.x <= g.left + g.width && p.y >= g.obsTop && p.y <= g.lyapTop + g.lyapHeight;
}

figure.addEventListener('mousedown', (event) => {
  if (!current || !session || event.button !== 0) return;
  const p = local(event);
  if (!inObsPanel(p, current.g)) return;
  drag = { start: p, end: p };
  event.preventDefault();
});

window.addEventListener('mousemove', (event) => {
  if (!current) return;
  const p = local(event);
  if (drag) {
    const g = current.g;
    drag.end = { x: Math.min(Math.max(p.x, g.left), g.left + g.width), y: Math.min(Math.max(p.y, g.obsTop), g.obsTop + g.obsHeight) };
    const [x0, x1] = [drag.start.x, drag.end.x].sort((a, b) => a - b);
    const [y0, y1] = [drag.start.y, drag.end.y].sort((a, b) => a - b);
    Object.assign(box.style, { left: `${x0}px`, top: `${y0}px`, width: `${x1 - x0}px`, height: `${y1 - y0}px` });
    box.hidden = false;
  }
  if (inAnyPanel(p, current.g)) readout(p);
});

window.addEventListener('mouseup', (event) => {
  if (!drag || !current) return;
  const { start, end } = drag;
  drag = null;
  box.hidden = true;
  const dx = Math.abs(end.x - start.x);
  const dy = Math.abs(end.y - start.y);
  if (dx < 4 && dy < 4) return openOrbit(local(event));
  if (dx < 4) return; // a vertical stroke: no parameter range to zoom into
  zoom(Math.min(start.x, end.x), Math.max(start.x, end.x), dy < 4 ? null : [Math.min(start.y, end.y), Math.max(start.y, end.y)]);
});

function zoom(px0, px1, pyRange) {
  const { header, g } = current;
  const x = xScale(header, g);
  const span = header.x.max - header.x.min;
  const view = { ...header.view, from: roundForSpan(x.fromPx(px0), span), to: roundForSpan(x.fromPx(px1), span) };
  delete view.ymin;
  delete view.ymax;
  if (pyRange) {
    const y = yScale(header.y.min, header.y.max, g.obsTop, g.obsHeight);
    const ySpan = header.y.max - header.y.min;
    view.ymin = roundForSpan(y.fromPx(pyRange[1]), ySpan);
    view.ymax = roundForSpan(y.fromPx(pyRange[0]), ySpan);
  } else if (header.view.ymin !== undefined) {
    view.ymin = header.view.ymin;
    view.ymax = header.view.ymax;
  }
  if (!(view.from < view.to)) return;
  go(view);
}

function readout(p) {
  if (!session) return;
  const { header, g } = current;
  const value = xScale(header, g).fromPx(p.x);
  const i = indexAt(header, value);
  const el = $('readout');
  el.dataset.index = String(i);
  el.textContent = `${session.parameter} = ${formatValue(header.values[i])} · ${periodText(header.period[i], header.regime[i])} · ${header.regime[i]} · λ_max = ${formatValue(header.lyapMax[i])}`;
}

async function openOrbit(p) {
  const { header, g } = current;
  // the view's own grid (a coarse pass on screen has fewer points than the view)
  const index = indexAt({ ...header, points: header.view.columns }, xScale(header, g).fromPx(p.x));
  orbitRequest?.abort();
  const request = new AbortController();
  orbitRequest = request;
  const section = $('orbit');
  section.dataset.pending = 'true';
  try {
    const response = await fetch(`/api/orbit?${viewSearch(header.view, { index })}`, { signal: request.signal });
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${body.error}`);
    showOrbit(section, body, session, observableLabel(header.view.obs));
    probe.orbits++;
  } catch (err) {
    if (!request.signal.aborted) setStatus(String(err.message ?? err), true);
  } finally {
    if (orbitRequest === request) delete section.dataset.pending;
  }
}

// ---- start ------------------------------------------------------------------------------------

async function start() {
  // The first view is asked for at once, beside the session: the server fills in what the URL
  // leaves out from the spec, and the page's width sets the columns.
  const sessionRequest = fetch('/api/session').then((response) => response.json());
  const first = viewFromSearch(location.search, {});
  first.columns ??= plotWidth();
  const firstShown = show(first, { replaceUrl: true });
  session = await sessionRequest;
  document.title = `${session.title} — uvchaos explorer`;
  $('title').textContent = session.title;
  for (const o of session.observables) $('obs').append(new Option(o.label, o.name));
  defaults = { ...session.view, columns: Math.min(session.maxColumns, plotWidth()) };
  $('back').addEventListener('click', () => history.back());
  $('forward').addEventListener('click', () => history.forward());
  $('reset').addEventListener('click', () => go(defaults));
  window.addEventListener('popstate', () => show(currentView()));
  for (const id of ['transient', 'record', 'columns']) $(id).addEventListener('input', updateCost);
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    const before = current ? current.header.view : currentView();
    const view = {
      ...currentView(),
      obs: $('obs').value,
      transient: Number($('transient').value),
      record: Number($('record').value),
      columns: Number($('columns').value),
    };
    if (view.obs !== before.obs) {
      delete view.ymin;
      delete view.ymax;
    }
    go(view);
  });
  fillControls(current ? current.header.view : { ...defaults, ...first });
  await firstShown;
}

start().catch((err) => setStatus(`could not start: ${err.message ?? err}`, true));
