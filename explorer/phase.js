// The phase-diagram page (uvchaos explore on a phase spec): the regime and λ_max of every cell of
// the (x, y) plane, coloured as `uvchaos phase` colours them, with the analytic boundaries; drag a
// rectangle to recompute that region at the same cell count, click a cell for its trajectory.
// The plane's ranges live in the URL (history back/forward).
import { formatValue, periodText, showOrbit } from './orbit-panel.js';
import { el, pathData } from './svg.js';

const $ = (id) => document.getElementById(id);
const figure = $('figure');
const svg = $('axes');
const box = $('zoom-box');
const channel = Math.random().toString(36).slice(2, 12);
const probe = (window.__explorer = { views: 0, cells: 0, errors: [] });
const KEYS = ['xfrom', 'xto', 'yfrom', 'yto'];
const M = { left: 86, right: 24, top: 10, gap: 40, bottom: 50 };
const SIDE_BY_SIDE = window.matchMedia('(min-width: 1100px)');

let session;
let current = null; // { frame, g, query }
let request = null;

function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').classList.toggle('error', kind === 'error');
  $('status').classList.toggle('note', kind === 'note');
}

function viewFromUrl() {
  const params = new URLSearchParams(location.search);
  const view = { ...session.view };
  for (const key of KEYS) {
    const v = Number(params.get(key));
    if (params.get(key) !== null && Number.isFinite(v)) view[key] = v;
  }
  return view;
}

const search = (view) => new URLSearchParams(KEYS.map((k) => [k, String(view[k])])).toString();

/** Two panels, one above the other, filling the window beside the side panel. */
function geometry() {
  const page = document.documentElement.clientWidth;
  const width = Math.max(300, Math.min(1200, page - M.left - M.right - 32 - (SIDE_BY_SIDE.matches ? 396 : 0)));
  const top = $('workspace').getBoundingClientRect().top + window.scrollY;
  const panel = Math.max(150, Math.min(360, Math.floor((window.innerHeight - top - M.top - M.gap - M.bottom - 8) / 2)));
  return {
    left: M.left,
    width,
    height: panel,
    regimeTop: M.top,
    lyapTop: M.top + panel + M.gap,
    totalWidth: M.left + width + M.right,
    totalHeight: M.top + 2 * panel + M.gap + M.bottom,
  };
}

async function show(view, push = false) {
  const query = search(view);
  request?.abort();
  const controller = new AbortController();
  request = controller;
  $('orbit').hidden = true;
  figure.dataset.pass = 'pending';
  setStatus(`computing ${session.cells.x} × ${session.cells.y} cells …`);
  try {
    const response = await fetch(`/api/phase?${query}&channel=${channel}`, { signal: controller.signal });
    const frame = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${frame.error}`);
    if (push) history.pushState(null, '', `?${query}`);
    draw(frame, query);
    probe.views++;
  } catch (err) {
    if (controller.signal.aborted) return;
    figure.dataset.pass = current ? 'full' : 'error';
    probe.errors.push(String(err.message ?? err));
    setStatus(String(err.message ?? err), 'error');
  }
}

function paint(canvas, base64, nx, ny, g, top) {
  const rgb = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  canvas.width = nx;
  canvas.height = ny;
  Object.assign(canvas.style, { left: `${g.left}px`, top: `${top}px`, width: `${g.width}px`, height: `${g.height}px` });
  const image = new ImageData(nx, ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const c = iy * nx + ix;
      const o = 4 * ((ny - 1 - iy) * nx + ix); // row 0 at the bottom
      image.data.set([rgb[3 * c], rgb[3 * c + 1], rgb[3 * c + 2], 255], o);
    }
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

function scales(frame, g) {
  const { x, y } = frame;
  const f = (axis) => (axis.log ? Math.log : (v) => v);
  const fx = f(x);
  const fy = f(y);
  return {
    xPx: (v) => g.left + ((fx(v) - fx(x.min)) / (fx(x.max) - fx(x.min))) * g.width,
    yPx: (v, top) => top + ((fy(y.max) - fy(v)) / (fy(y.max) - fy(y.min))) * g.height,
    xAt: (px) => {
      const t = fx(x.min) + ((px - g.left) / g.width) * (fx(x.max) - fx(x.min));
      return x.log ? Math.exp(t) : t;
    },
    yAt: (py, top) => {
      const t = fy(y.max) - ((py - top) / g.height) * (fy(y.max) - fy(y.min));
      return y.log ? Math.exp(t) : t;
    },
  };
}

function draw(frame, query) {
  const g = geometry();
  const { x, y } = frame;
  paint($('regime'), frame.regime, x.points, y.points, g, g.regimeTop);
  paint($('lyap'), frame.lyap, x.points, y.points, g, g.lyapTop);
  figure.style.width = `${g.totalWidth}px`;
  figure.style.height = `${g.totalHeight}px`;
  current = { frame, g, query };
  const s = scales(frame, g);
  svg.replaceChildren();
  svg.setAttribute('width', g.totalWidth);
  svg.setAttribute('height', g.totalHeight);
  for (const [top, title] of [
    [g.regimeTop, 'regime'],
    [g.lyapTop, `λ_max (colour: ±${formatValue(frame.lyapLimit)})`],
  ]) {
    svg.append(el('rect', { x: g.left, y: top, width: g.width, height: g.height, fill: 'none', stroke: '#444' }));
    for (const t of x.ticks)
      svg.append(el('text', { x: s.xPx(t), y: top + g.height + 14, 'text-anchor': 'middle', class: 'x-tick' }, String(t)));
    for (const t of y.ticks)
      svg.append(el('text', { x: g.left - 6, y: s.yPx(t, top) + 4, 'text-anchor': 'end', class: 'y-tick' }, String(t)));
    svg.append(el('text', { x: g.left + g.width, y: top - 2, 'text-anchor': 'end', class: 'title' }, title));
    const label = el(
      'text',
      { x: 16, y: top + g.height / 2, transform: `rotate(-90 16 ${top + g.height / 2})`, 'text-anchor': 'middle', class: 'title' },
      y.label,
    );
    svg.append(label);
    for (const curve of frame.curves) {
      const d = pathData(curve.points.map(([vx, vy]) => [vx === null ? NaN : s.xPx(vx), vx === null ? null : s.yPx(vy, top)]));
      svg.append(
        el('path', { class: 'curve', d, fill: 'none', stroke: curve.color, 'stroke-width': 2, 'stroke-dasharray': curve.dash.join(' ') }),
      );
    }
  }
  svg.append(el('text', { x: g.left + g.width / 2, y: g.totalHeight - 8, 'text-anchor': 'middle', class: 'title' }, x.label));
  Object.assign(figure.dataset, {
    pass: 'full',
    xfrom: x.from,
    xto: x.to,
    yfrom: y.from,
    yto: y.to,
    xMin: x.min,
    xMax: x.max,
    yMin: y.min,
    yMax: y.max,
  });
  // the legend: each category's colour and how many cells it has here, then the curves
  const legend = $('legend');
  legend.replaceChildren();
  frame.categories.forEach(({ label, rgb }) => {
    const n = frame.counts[label] ?? 0;
    if (n === 0) return;
    const li = document.createElement('li');
    const swatch = el('svg', { width: 22, height: 10 });
    swatch.append(el('rect', { width: 22, height: 10, fill: `rgb(${rgb.join(',')})` }));
    li.append(swatch, document.createTextNode(`${label}: ${n} cells`));
    legend.append(li);
  });
  for (const curve of frame.curves) {
    const li = document.createElement('li');
    const swatch = el('svg', { width: 28, height: 10 });
    swatch.append(
      el('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: curve.color, 'stroke-width': 2, 'stroke-dasharray': curve.dash.join(' ') }),
    );
    li.append(swatch, document.createTextNode(curve.label));
    legend.append(li);
  }
  setStatus(`${x.points} × ${y.points} cells in ${frame.seconds.toFixed(2)} s`);
}

// ---- pointer ---------------------------------------------------------------------------------

function local(event) {
  const rect = figure.getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
}

/** The panel top under point p, or null. */
function panelAt(p) {
  const { g } = current;
  if (p.x < g.left || p.x > g.left + g.width) return null;
  for (const top of [g.regimeTop, g.lyapTop]) if (p.y >= top && p.y <= top + g.height) return top;
  return null;
}

/** The cell (ix, iy) under p in the panel at `top`. */
function cellAt(p, top) {
  const { frame, g } = current;
  const ix = Math.min(frame.x.points - 1, Math.max(0, Math.floor(((p.x - g.left) / g.width) * frame.x.points)));
  const iy = Math.min(frame.y.points - 1, Math.max(0, Math.floor(((top + g.height - p.y) / g.height) * frame.y.points)));
  return { ix, iy };
}

let drag = null;

figure.addEventListener('mousedown', (event) => {
  if (!current || event.button !== 0) return;
  const p = local(event);
  const top = panelAt(p);
  if (top === null) return;
  drag = { start: p, end: p, top };
  event.preventDefault();
});

window.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && drag) {
    drag = null;
    box.hidden = true;
    setStatus('zoom cancelled', 'note');
  }
});

window.addEventListener('mousemove', (event) => {
  if (!current) return;
  const p = local(event);
  if (drag) {
    const { g } = current;
    drag.end = { x: Math.min(Math.max(p.x, g.left), g.left + g.width), y: Math.min(Math.max(p.y, drag.top), drag.top + g.height) };
    const [x0, x1] = [drag.start.x, drag.end.x].sort((a, b) => a - b);
    const [y0, y1] = [drag.start.y, drag.end.y].sort((a, b) => a - b);
    Object.assign(box.style, { left: `${x0}px`, top: `${y0}px`, width: `${x1 - x0}px`, height: `${y1 - y0}px` });
    box.hidden = false;
  }
  const top = panelAt(p);
  if (top !== null) readout(cellAt(p, top));
});

window.addEventListener('mouseup', (event) => {
  if (!drag || !current) return;
  const { start, end, top } = drag;
  drag = null;
  box.hidden = true;
  if (Math.abs(end.x - start.x) < 4 && Math.abs(end.y - start.y) < 4) return openCell(cellAt(local(event), top));
  if (Math.abs(end.x - start.x) < 4 || Math.abs(end.y - start.y) < 4) {
    return setStatus('drag a rectangle (across and down) to zoom into a region of the plane', 'note');
  }
  const s = scales(current.frame, current.g);
  const view = {
    xfrom: s.xAt(Math.min(start.x, end.x)),
    xto: s.xAt(Math.max(start.x, end.x)),
    yfrom: s.yAt(Math.max(start.y, end.y), top),
    yto: s.yAt(Math.min(start.y, end.y), top),
  };
  const round = (v, span) => Number(v.toPrecision(Math.max(3, Math.ceil(Math.log10(Math.abs(v) / (span * 1e-6))))));
  for (const [a, b] of [
    ['xfrom', 'xto'],
    ['yfrom', 'yto'],
  ]) {
    const span = view[b] - view[a];
    view[a] = round(view[a], span);
    view[b] = round(view[b], span);
  }
  show(view, true);
});

function readout({ ix, iy }) {
  const { frame } = current;
  const c = iy * frame.x.points + ix;
  const xv = cellValue(frame.x, ix);
  const yv = cellValue(frame.y, iy);
  const category = frame.category[c] < 0 ? 'not computed' : frame.categories[frame.category[c]].label;
  $('readout').textContent =
    `${frame.x.parameter} = ${formatValue(xv)}, ${frame.y.parameter} = ${formatValue(yv)} · ${category} · λ_max = ${formatValue(frame.lyapMax[c])}`;
}

/** The grid value of cell i of an axis (linear or log), as the server's grid has it. */
function cellValue(axis, i) {
  if (axis.points === 1) return axis.from;
  const t = i / (axis.points - 1);
  return axis.log ? Math.exp(Math.log(axis.from) + t * (Math.log(axis.to) - Math.log(axis.from))) : axis.from + t * (axis.to - axis.from);
}

/** Outlines the cell whose trajectory is shown, in both panels. */
function markCell(ix, iy) {
  for (const old of svg.querySelectorAll('.cell-marker')) old.remove();
  const { frame, g } = current;
  const w = g.width / frame.x.points;
  const h = g.height / frame.y.points;
  for (const top of [g.regimeTop, g.lyapTop]) {
    const y = top + g.height - (iy + 1) * h;
    svg.append(
      el('rect', { class: 'cell-marker', x: g.left + ix * w, y, width: w, height: h, fill: 'none', stroke: '#e67e22', 'stroke-width': 2 }),
    );
  }
}

async function openCell({ ix, iy }) {
  const section = $('orbit');
  try {
    const response = await fetch(`/api/phase-cell?${current.query}&ix=${ix}&iy=${iy}`);
    const body = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${body.error}`);
    const { frame } = current;
    // the orbit panel of the bifurcation page, titled with both coordinates
    showOrbit(
      section,
      { ...body, observable: 'eta_sharpness' },
      { parameterSymbol: frame.x.parameter, recorded: [] },
      'η × sharpness',
      380,
    );
    section.dataset.ix = String(ix);
    section.dataset.iy = String(iy);
    markCell(ix, iy);
    $('orbit-title').textContent =
      `cell ${frame.x.parameter} = ${formatValue(body.x)}, ${frame.y.parameter} = ${formatValue(body.y)}: ${periodText(body.row.period, body.row.regime)} · ${body.row.regime} · λ_max = ${formatValue(body.row.lyap_max)}`;
    probe.cells++;
  } catch (err) {
    setStatus(String(err.message ?? err), 'error');
  }
}

async function start() {
  session = await fetch('/api/session').then((r) => r.json());
  document.title = `${session.title} — uvchaos explorer`;
  $('title').textContent = session.title;
  $('back').addEventListener('click', () => history.back());
  $('forward').addEventListener('click', () => history.forward());
  $('reset').addEventListener('click', () => show(session.view, search(session.view) !== search(viewFromUrl())));
  window.addEventListener('popstate', () => show(viewFromUrl()));
  await show(viewFromUrl());
}

start().catch((err) => setStatus(`could not start: ${err.message ?? err}`, 'error'));
