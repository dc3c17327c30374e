// The explorer page: asks the server for a view's passes, draws them, and turns drags into zooms,
// hovers into read-outs and clicks into orbits. The view lives in the URL (history back/forward).
import {
  drawFrame,
  drawLegend,
  geometry,
  indexAt,
  LYAP_HEIGHT,
  MARGIN,
  markColumns,
  MIN_OBS_HEIGHT,
  OBS_HEIGHT,
  xScale,
  yScale,
} from './diagram.js';
import { readFrames } from './frames.js';
import { formatValue, periodText, pinnedCard, showOrbit } from './orbit-panel.js';
import { calibrate, estimateSeconds, formatSeconds, secondsLeft, TIME_BUDGET_SECONDS } from './time-estimate.js';
import { numberProblem, roundForSpan, viewFromSearch, viewSearch } from './view-url.js';

const $ = (id) => document.getElementById(id);
const figure = $('figure');
const canvas = $('density');
const svg = $('axes');
const box = $('zoom-box');
// A page's channel: the server cancels this page's older view when a newer one arrives on it.
const channel = Math.random().toString(36).slice(2, 12);
// Timings and events for tests and benchmarks (performance.now(): ms since the page started loading).
const probe = (window.__explorer = { frames: [], errors: [], orbits: 0, requested: null });
// The same width as explorer.css's media query: the read-out and orbit sit beside the diagram.
const SIDE_BY_SIDE = window.matchMedia('(min-width: 1100px)');
const SIDE_WIDTH = 380 + 16; // the side panel and the gap before it
const INTEGER_FIELDS = ['transient', 'record', 'columns'];

let session;
let defaults;
let current = null; // { header, g } of the diagram on screen
let viewRequest = null;
let orbitRequest = null;
let orbit = null; // { view: the query of the view it belongs to, value } of the orbit beside the diagram
let pins = []; // up to MAX_PINS orbits kept for comparison: { orbit, label, color }
const MAX_PINS = 4;
const PIN_COLORS = ['#1b9e77', '#7570b3', '#e7298a', '#66a61e'];
const ORBIT_COLOR = '#e67e22';
const FLIP_COLOR = '#6a3d9a';
const flips = []; // flips located from orbits: { value }, marked wherever they are in view
let note = ''; // said once after the next diagram's status (a URL field that was replaced, …)
const cache = new Map(); // full passes already drawn, by view and size: back/forward redraw at once

/** The plot area that fits the window: beside the side panel (or above it), and short enough to leave the legend in view. */
function plotSize() {
  const page = document.documentElement.clientWidth;
  const side = SIDE_BY_SIDE.matches ? SIDE_WIDTH : 0;
  const width = Math.max(300, Math.min(1600, Math.floor(page - MARGIN.left - MARGIN.right - 32 - side)));
  const top = $('workspace').getBoundingClientRect().top + window.scrollY;
  const legend = Math.max(48, $('legend').offsetHeight); // two lines where it wraps
  // stacked, the read-out and status come under the legend: leave them two lines
  const below = legend + (SIDE_BY_SIDE.matches ? 8 : 60);
  const fixed = MARGIN.top + MARGIN.gap + LYAP_HEIGHT + MARGIN.bottom;
  const height = Math.max(MIN_OBS_HEIGHT, Math.min(OBS_HEIGHT, Math.floor(window.innerHeight - top - below - fixed)));
  return { width, height };
}

function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').classList.toggle('error', kind === 'error');
  $('status').classList.toggle('note', kind === 'note');
}

function observableLabel(name) {
  return session.observables.find((o) => o.name === name)?.label ?? name;
}

/**
 * Draws a view: from this page's cache, or streamed from the server (coarse pass, then full).
 * `push` adds it to the history once the server has taken it (a refused view never enters it);
 * `replace` writes the whole view into the URL (a bare or repaired first URL).
 */
async function show(view, options = {}) {
  fillControls(view);
  const query = viewSearch(view);
  if (orbit && orbit.view !== query) clearOrbit();
  probe.requested = query;
  probe.progress = null;
  const { width, height } = plotSize();
  const key = `${query}&width=${width}&height=${height}`;
  viewRequest?.abort();
  viewRequest = null;
  const cached = cache.get(key);
  if (cached) {
    hideProgress();
    if (options.push) history.pushState(null, '', `?${query}`);
    draw(cached.header, cached.rgba, true);
    return;
  }
  if (!current) {
    // nothing drawn yet: the figure takes its size now, so the page does not jump when it arrives
    const g = geometry(width, height);
    figure.style.width = `${g.totalWidth}px`;
    figure.style.height = `${g.totalHeight}px`;
  }
  const request = new AbortController();
  viewRequest = request;
  figure.dataset.pass = 'pending';
  const steps = view.transient + view.record;
  const estimate = estimateSeconds(view.columns, steps, session.coarse);
  setStatus(`computing ${view.columns} points × ${steps} steps${estimate === null ? '' : `, ≈ ${formatSeconds(estimate)}`} …`);
  showProgress(null);
  try {
    const response = await fetch(`/api/view?${viewSearch(view, { width, height, channel, progress: 1 })}`, { signal: request.signal });
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: response.statusText }));
      throw new Error(`${response.status}: ${body.error}`);
    }
    if (options.push) history.pushState(null, '', `?${query}`);
    await readFrames(response, (header, rgba) => {
      if (viewRequest !== request) return;
      if (header.pass === 'progress') {
        calibrate(header, steps);
        showProgress(header);
        updateCost();
        return;
      }
      draw(header, rgba, false);
      if (header.pass === 'full') hideProgress();
      if (options.replace) history.replaceState(null, '', `?${viewSearch(header.view)}`);
      probe.frames.push({ pass: header.pass, sweepId: header.sweepId, at: performance.now(), view: header.view, seconds: header.seconds });
      if (header.pass === 'full') {
        cache.set(key, { header, rgba });
        if (cache.size > 24) cache.delete(cache.keys().next().value);
      }
    });
  } catch (err) {
    if (request.signal.aborted) return;
    hideProgress();
    // the diagram on screen stays, and so do the URL and the history: they still describe it
    figure.dataset.pass = current ? current.header.pass : 'error';
    probe.errors.push(String(err.message ?? err));
    setStatus(String(err.message ?? err), 'error');
    if (current) fillControls(current.header.view, false);
  }
}

/** The progress bar and Cancel while a view computes: `progress` is a progress frame, or null before the first. */
function showProgress(progress) {
  $('progress').hidden = false;
  if (!progress) {
    $('progress-bar').removeAttribute('value'); // indeterminate until the first points finish
    $('progress-text').textContent = '';
    return;
  }
  $('progress-bar').value = progress.done / progress.total;
  const left = secondsLeft(progress);
  $('progress-text').textContent =
    `${progress.stage} pass: ${progress.done} / ${progress.total} points · ${formatSeconds(progress.seconds)}${left === null || left === 0 ? '' : ` · ≈ ${formatSeconds(left)} left`}`;
  probe.progress = progress;
}

function hideProgress() {
  $('progress').hidden = true;
}

/** Stops the view computing: the server stops its workers (it sees the request closed). */
function cancelView() {
  if (!viewRequest) return;
  viewRequest.abort();
  viewRequest = null;
  hideProgress();
  figure.dataset.pass = current ? current.header.pass : 'cancelled';
  probe.cancelledAt = performance.now();
  setStatus(`cancelled${current ? ': the diagram shown is the last one drawn' : ''}; press Run to compute the view`, 'note');
}

function draw(header, rgba, fromCache) {
  const g = drawFrame(canvas, svg, header, rgba);
  figure.style.width = `${g.totalWidth}px`;
  figure.style.height = `${g.totalHeight}px`;
  drawLegend($('legend'), header);
  current = { header, g };
  markAll();
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
    width: String(header.width),
    height: String(header.height),
  });
  const exportView = { ...header.view, ymin: header.y.min, ymax: header.y.max };
  $('export-spec').href = `/api/export/spec?${viewSearch(exportView)}`;
  $('export-png').href = `/api/export/png?${viewSearch(exportView)}`;
  $('export-csv').href = `/api/export/csv?${viewSearch(exportView)}`;
  const steps = header.view.transient + header.view.record;
  const what =
    header.pass === 'coarse' ? `coarse pass, ${header.points} points (full pass running)` : `${header.points} points × ${steps} steps`;
  const clipped = header.clipped > 0 ? ` · ${header.clipped} samples outside the y range` : '';
  const said = note ? ` · ${note}` : '';
  if (header.pass === 'full') note = '';
  setStatus(
    `${what} in ${header.seconds.toFixed(2)} s${fromCache ? ' (from this page’s history)' : ''}${clipped}${said}`,
    said ? 'note' : '',
  );
}

// ---- the view's controls and their cost ------------------------------------------------------

function fillControls(view, clearMarks = true) {
  if (!session || view.obs === undefined) return;
  $('obs').value = view.obs;
  $('from').value = String(view.from);
  $('to').value = String(view.to);
  for (const id of ['from', 'to']) if (clearMarks) $(id).classList.remove('invalid');
  for (const id of INTEGER_FIELDS) {
    $(id).value = view[id];
    if (clearMarks) $(id).classList.remove('invalid');
  }
  updateCost();
}

/** What is wrong with the integer fields as typed (empty, not an integer, out of range), one line each. */
function controlProblems() {
  const problems = [];
  for (const id of INTEGER_FIELDS) {
    const text = $(id).value.trim();
    const [min, max] = session.ranges[id];
    const problem = text === '' ? `empty; expected an integer from ${min} to ${max}` : numberProblem(Number(text), session.ranges[id]);
    $(id).classList.toggle('invalid', problem !== null);
    if (problem) problems.push(`${id}: ${problem}`);
  }
  const [from, to] = ['from', 'to'].map((id) => Number($(id).value.trim() === '' ? NaN : $(id).value));
  const rangeProblem =
    !Number.isFinite(from) || !Number.isFinite(to) ? 'expected two numbers' : from < to ? null : `expected from < to, got ${from} … ${to}`;
  $('from').classList.toggle('invalid', rangeProblem !== null);
  $('to').classList.toggle('invalid', rangeProblem !== null);
  if (rangeProblem) problems.push(`from/to: ${rangeProblem}`);
  return problems;
}

function updateCost() {
  const problems = controlProblems();
  if (problems.length) {
    $('cost').textContent = problems.join('; ');
    $('cost').classList.add('over');
    return;
  }
  const columns = Number($('columns').value);
  const steps = Number($('transient').value) + Number($('record').value);
  const cost = columns * steps;
  const seconds = estimateSeconds(columns, steps, session.coarse);
  const overSteps = !(cost <= session.budget);
  const overTime = seconds !== null && seconds > TIME_BUDGET_SECONDS;
  const time = seconds === null ? '' : ` ≈ ${formatSeconds(seconds)}`;
  const verdict = overSteps
    ? ': over the budget, Run refused'
    : overTime
      ? `: over the page's ${TIME_BUDGET_SECONDS} s budget, Run refused`
      : '';
  $('cost').textContent =
    `cost ${columns} × ${steps} = ${cost.toExponential(2)} steps${time} (budget ${session.budget.toExponential(0)}, ${TIME_BUDGET_SECONDS} s)${verdict}`;
  $('cost').classList.toggle('over', overSteps || overTime);
}

function currentView() {
  return viewFromSearch(location.search, defaults);
}

/** Shows a new view and adds it to the history, unless it is the view the URL already holds. */
function go(view) {
  const same = viewSearch(view) === viewSearch(currentView());
  show(view, { push: !same });
}

// ---- pointer: hover read-out, drag to zoom, click for the orbit ------------------------------

let drag = null;
let lyapClick = null; // a press in the λ_max panel: a click there selects the column too

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

function endDrag() {
  drag = null;
  box.hidden = true;
}

figure.addEventListener('mousedown', (event) => {
  if (!current || !session || event.button !== 0 || event.target.closest('#progress')) return;
  const p = local(event);
  if (inObsPanel(p, current.g)) drag = { start: p, end: p, pan: event.shiftKey };
  else if (inAnyPanel(p, current.g)) lyapClick = p;
  else return;
  event.preventDefault();
});

window.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || !drag) return;
  endDrag();
  setStatus('zoom cancelled', 'note');
});

window.addEventListener('mousemove', (event) => {
  if (!current) return;
  const p = local(event);
  if (drag) {
    const g = current.g;
    drag.end = { x: Math.min(Math.max(p.x, g.left), g.left + g.width), y: Math.min(Math.max(p.y, g.obsTop), g.obsTop + g.obsHeight) };
    const [x0, x1] = [drag.start.x, drag.end.x].sort((a, b) => a - b);
    const [y0, y1] = [drag.start.y, drag.end.y].sort((a, b) => a - b);
    if (!drag.pan) {
      Object.assign(box.style, { left: `${x0}px`, top: `${y0}px`, width: `${x1 - x0}px`, height: `${y1 - y0}px` });
      box.hidden = false;
    }
  }
  if (inAnyPanel(p, current.g)) readout(p);
});

window.addEventListener('mouseup', (event) => {
  if (lyapClick && current) {
    const p = local(event);
    const moved = Math.abs(p.x - lyapClick.x) >= 4 || Math.abs(p.y - lyapClick.y) >= 4;
    lyapClick = null;
    if (!moved) openOrbit(p);
    return;
  }
  if (!drag || !current) return;
  const { start, end, pan } = drag;
  endDrag();
  if (pan) {
    // Shift-drag: the range slides with the pointer
    if (Math.abs(end.x - start.x) >= 4) shiftRange(end.x - start.x);
    return;
  }
  const dx = Math.abs(end.x - start.x);
  const dy = Math.abs(end.y - start.y);
  if (dx < 4 && dy < 4) return openOrbit(local(event));
  if (dx < 4) {
    setStatus('a vertical drag has no parameter range to zoom into: drag across the diagram', 'note');
    return;
  }
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
  } else if (header.view.ymin !== undefined && !$('fit-y').checked) {
    view.ymin = header.view.ymin;
    view.ymax = header.view.ymax;
  }
  if (!(view.from < view.to)) {
    setStatus(`the zoom's ends round to the same value (${view.from}): below floating-point resolution; zoom out`, 'error');
    return;
  }
  go(view);
}

/**
 * A new parameter range from pixel positions of the plot on screen (so log axes work alike): the
 * y range is fitted to the data when "fit y" is on, else kept. Zooming out stays within the
 * spec's range (its parameter may have to stay positive).
 */
function goRange(pxFrom, pxTo, { withinSpec = false } = {}) {
  const { header, g } = current;
  const x = xScale(header, g);
  let from = x.fromPx(pxFrom);
  let to = x.fromPx(pxTo);
  if (withinSpec) {
    from = Math.max(from, session.view.from);
    to = Math.min(to, session.view.to);
  }
  const view = { ...header.view, from: roundForSpan(from, to - from), to: roundForSpan(to, to - from) };
  if ($('fit-y').checked) {
    delete view.ymin;
    delete view.ymax;
  }
  if (!(view.from < view.to)) return setStatus(`the range's ends round to the same value (${view.from}); zoom out`, 'error');
  go(view);
}

/** Slides the view's range by `dx` pixels (Shift-drag). */
function shiftRange(dx) {
  const { header, g } = current;
  const x = xScale(header, g);
  goRange(x.toPx(header.view.from) - dx, x.toPx(header.view.to) - dx);
}

/** Scales the range about pixel `cx` by `factor` (> 1 zooms out). */
function scaleRange(cx, factor) {
  const { header, g } = current;
  const x = xScale(header, g);
  const a = x.toPx(header.view.from);
  const b = x.toPx(header.view.to);
  goRange(cx + (a - cx) * factor, cx + (b - cx) * factor, { withinSpec: factor > 1 });
}

// The wheel zooms about the pointer; a burst of wheel steps becomes one zoom once it pauses.
let wheel = null;
figure.addEventListener(
  'wheel',
  (event) => {
    if (!current || !session) return;
    const p = local(event);
    if (!inAnyPanel(p, current.g)) return;
    event.preventDefault();
    wheel ??= { factor: 1, timer: null };
    wheel.factor *= Math.pow(1.25, Math.sign(event.deltaY));
    wheel.x = p.x;
    clearTimeout(wheel.timer);
    wheel.timer = setTimeout(() => {
      const { factor, x } = wheel;
      wheel = null;
      if (factor !== 1) scaleRange(x, factor);
    }, 200);
  },
  { passive: false },
);

function readout(p) {
  if (!session) return;
  const { header, g } = current;
  const value = xScale(header, g).fromPx(p.x);
  const i = indexAt(header, value);
  const el = $('readout');
  el.dataset.index = String(i);
  const at = `${session.parameterSymbol} = ${formatValue(header.values[i])}`;
  el.textContent =
    header.regime[i] === 'diverged'
      ? `${at} · diverged`
      : `${at} · ${periodText(header.period[i], header.regime[i])} · ${header.regime[i]} · λ_max = ${formatValue(header.lyapMax[i])}`;
}

function clearOrbit() {
  orbitRequest?.abort();
  orbitRequest = null;
  orbit = null;
  const section = $('orbit');
  section.hidden = true;
  for (const key of ['index', 'period', 'regime', 'pending']) delete section.dataset[key];
  markAll();
}

/** The orbit's column and the pinned ones, marked on the diagram on screen. */
function markAll() {
  if (!current) return;
  const marks = pins.map((p) => ({ value: p.orbit.value, color: p.color }));
  if (orbit && orbit.value !== null) marks.push({ value: orbit.value, color: ORBIT_COLOR });
  for (const flip of flips) marks.push({ value: flip.value, color: FLIP_COLOR });
  markColumns(svg, current.header, current.g, marks);
}

/** Runs the cascade search around the orbit's column and marks the flip it finds, its value in full. */
async function locateFlip() {
  if (!orbit || !orbit.shown || !current) return;
  const { view, index } = orbit.shown;
  const result = $('flip-result');
  result.textContent = 'searching …';
  delete result.dataset.value;
  try {
    const response = await fetch(`/api/flip?${viewSearch(view, { index })}`);
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${body.error}`);
    if (!body.flip) {
      result.textContent = `no flip within ${formatValue(body.from)} … ${formatValue(body.to)}: ${body.stopped}`;
      return;
    }
    const { periodFrom, periodTo, value } = body.flip;
    // every digit of a double: what uvchaos cascade prints, to compare and cite
    result.textContent = `flip ${periodFrom} → ${periodTo} at ${session.parameterSymbol} = ${value}`;
    result.dataset.value = String(value);
    flips.push({ value });
    markAll();
  } catch (err) {
    result.textContent = String(err.message ?? err);
  }
}

/** Keeps the orbit shown in the list below it (up to four), each with its colour on the diagram. */
function pinOrbit() {
  if (!orbit || !orbit.shown) return;
  if (pins.some((p) => p.orbit.value === orbit.shown.value && p.orbit.observable === orbit.shown.observable)) return;
  if (pins.length >= MAX_PINS) return setStatus(`at most ${MAX_PINS} orbits pinned: unpin one first (×)`, 'note');
  const color = PIN_COLORS.find((c) => !pins.some((p) => p.color === c));
  pins.push({ orbit: orbit.shown, label: observableLabel(orbit.shown.observable), color });
  drawPins();
}

function drawPins() {
  const list = $('pinned');
  list.replaceChildren(
    ...pins.map((p) =>
      pinnedCard(p.orbit, session, p.label, p.color, () => {
        pins = pins.filter((q) => q !== p);
        drawPins();
      }),
    ),
  );
  markAll();
}

async function openOrbit(p) {
  const { header, g } = current;
  // the view's own grid (a coarse pass on screen has fewer points than the view)
  const index = indexAt({ ...header, points: header.view.columns }, xScale(header, g).fromPx(p.x));
  clearOrbit();
  const request = new AbortController();
  orbitRequest = request;
  orbit = { view: viewSearch(header.view), value: null }; // pending: a new view clears it too
  const section = $('orbit');
  section.dataset.pending = 'true';
  try {
    const response = await fetch(`/api/orbit?${viewSearch(header.view, { index })}`, { signal: request.signal });
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${body.error}`);
    if (orbitRequest !== request) return;
    const shown = { ...body, observable: header.view.obs, view: header.view };
    $('flip-result').textContent = '';
    orbit.value = body.value;
    orbit.shown = shown;
    const width = SIDE_BY_SIDE.matches ? section.parentElement.clientWidth : Math.max(400, canvas.width) + MARGIN.left + MARGIN.right;
    showOrbit(section, shown, session, observableLabel(header.view.obs), width);
    markAll();
    probe.orbits++;
  } catch (err) {
    if (!request.signal.aborted) setStatus(String(err.message ?? err), 'error');
  } finally {
    if (orbitRequest === request) delete section.dataset.pending;
  }
}

// ---- start ------------------------------------------------------------------------------------

/** Re-lays the diagram out for a resized window: the same view at the new plot size (from the cache if drawn there before). */
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!current || !session) return;
    const { width, height } = plotSize();
    if (width !== current.header.width || height !== current.header.height) show(currentView());
  }, 150);
});

async function start() {
  // The session first (one small local request): it fills in what the URL leaves out, so the
  // first request and its status are the whole view.
  session = await fetch('/api/session').then((response) => response.json());
  document.title = `${session.title} — uvchaos explorer`;
  $('title').textContent = session.title;
  for (const o of session.observables) $('obs').append(new Option(o.label, o.name));
  $('columns').max = String(session.ranges.columns[1]);
  $('record').max = String(session.ranges.record[1]);
  $('transient').max = String(session.ranges.transient[1]);
  // every step of an expensive kind (mlp) is costly: its own point count, not one per pixel
  defaults = { ...session.view, columns: session.expensive ? session.view.columns : Math.min(session.maxColumns, plotSize().width) };
  const problems = [];
  const first = viewFromSearch(location.search, defaults, session.ranges, problems);
  note = problems.join('; ');
  $('cancel').addEventListener('click', cancelView);
  $('pin').addEventListener('click', pinOrbit);
  // a new observable redraws at once (its own y range), as Run would
  $('obs').addEventListener('change', () => $('controls').requestSubmit());
  $('fit-y').addEventListener('change', () => {
    const view = currentView();
    if (!$('fit-y').checked || view.ymin === undefined) return;
    delete view.ymin;
    delete view.ymax;
    go(view);
  });
  $('zoom-out').addEventListener('click', () => {
    if (current) scaleRange(current.g.left + current.g.width / 2, 3);
  });
  $('locate-flip').addEventListener('click', locateFlip);
  $('locate-flip').hidden = !session.flipSearch;
  $('back').addEventListener('click', () => history.back());
  $('forward').addEventListener('click', () => history.forward());
  $('reset').addEventListener('click', () => go(defaults));
  window.addEventListener('popstate', () => show(currentView()));
  for (const id of [...INTEGER_FIELDS, 'from', 'to']) $(id).addEventListener('input', updateCost);
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    const problems = controlProblems();
    if (problems.length) return setStatus(`not run: ${problems.join('; ')}`, 'error');
    const before = current ? current.header.view : currentView();
    const view = {
      ...currentView(),
      obs: $('obs').value,
      transient: Number($('transient').value),
      record: Number($('record').value),
      columns: Number($('columns').value),
      from: Number($('from').value),
      to: Number($('to').value),
    };
    if (!(view.columns * (view.transient + view.record) <= session.budget)) {
      return setStatus(
        `not run: ${view.columns} × ${view.transient + view.record} steps is over the budget of ${session.budget.toExponential(0)}; use fewer columns or steps`,
        'error',
      );
    }
    const seconds = estimateSeconds(view.columns, view.transient + view.record, session.coarse);
    if (seconds !== null && seconds > TIME_BUDGET_SECONDS) {
      const advice = 'use fewer columns or steps, or run uvchaos sweep';
      return setStatus(
        `not run: estimated ≈ ${formatSeconds(seconds)} on this machine, over the page's ${TIME_BUDGET_SECONDS} s budget; ${advice}`,
        'error',
      );
    }
    const moved = view.from !== before.from || view.to !== before.to;
    if (view.obs !== before.obs || (moved && $('fit-y').checked)) {
      delete view.ymin;
      delete view.ymax;
    }
    go(view);
  });
  await show(first, { replace: true });
}

start().catch((err) => setStatus(`could not start: ${err.message ?? err}`, 'error'));
