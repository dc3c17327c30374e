// The orbit of one grid point, beside the diagram: its period, regime and Lyapunov exponents (the
// row the attractor table has for it), the observable over its first recorded steps joined in
// order, and its return map x_t → x_{t+1} over the whole record (a cobweb where the observable is
// the whole state of a one-dimensional map, so the staircase is the orbit itself).
import { el, pathData } from './svg.js';

const SERIES = { height: 150, right: 12, top: 8, bottom: 34 };
/** recorded steps drawn joined in order: enough for a few turns of a long cycle, few enough to follow */
export const JOINED_STEPS = 64;
const COBWEB_STEPS = 40;

export function formatValue(v) {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
}

export function periodText(period, regime) {
  if (regime === 'diverged') return 'diverged';
  if (period === 0) return 'no period found';
  return `period ${period}`;
}

/** The panel's title: where, the period, the regime and every exponent (once "diverged" where it diverged). */
export function orbitTitle(orbit, session) {
  const { row } = orbit;
  const at = `orbit at ${session.parameterSymbol} = ${formatValue(orbit.value)}`;
  if (row.regime === 'diverged') return `${at}: diverged`;
  const exponents = Object.keys(row)
    .filter((k) => /^lyap_\d+$/.test(k))
    .map((k) => `${k.replace('lyap_', 'λ')} = ${formatValue(row[k])}`);
  return `${at}: ${periodText(row.period, row.regime)} · ${row.regime} · ${exponents.join(', ')} (per step, lyap_err ${formatValue(row.lyap_err)})`;
}

/** The series' range, padded by 5 % (or a little around a constant). */
function paddedRange(values) {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-12, 0.05 * Math.abs(hi));
  lo -= pad;
  hi += pad;
  return { lo, hi, pad };
}

/** Shows `orbit` (the /api/orbit answer) in the panel, `width` pixels wide. */
export function showOrbit(section, orbit, session, observableLabel, width) {
  const { row } = orbit;
  section.hidden = false;
  section.dataset.index = String(orbit.index);
  section.dataset.period = String(row.period);
  section.dataset.regime = String(row.regime);
  section.querySelector('#orbit-title').textContent = orbitTitle(orbit, session);
  const series = section.querySelector('#orbit-plot');
  const returnMap = section.querySelector('#orbit-return');
  const values = orbit.series.filter((v) => v !== null);
  if (values.length === 0) {
    series.replaceChildren();
    returnMap.replaceChildren();
    series.setAttribute('width', width);
    series.setAttribute('height', 40);
    returnMap.setAttribute('height', 0);
    series.append(el('text', { x: 4, y: 20 }, `no recorded orbit: the point diverged at step ${row.diverged_at ?? '?'}`));
    return;
  }
  const range = paddedRange(values);
  drawSeries(series, orbit, observableLabel, width, range);
  const cobweb = session.recorded.length === 1 && session.recorded[0] === orbit.observable;
  drawReturnMap(returnMap, orbit.series, observableLabel, Math.min(width, 280), range, cobweb);
}

/** The observable over the first JOINED_STEPS recorded steps, dots joined in the order visited. */
function drawSeries(svg, orbit, observableLabel, width, { lo, hi, pad }, height = SERIES.height) {
  svg.replaceChildren();
  const left = width < 600 ? 60 : 86; // aligned with the diagram's axis under it; narrower beside it
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  const plotW = width - left - SERIES.right;
  const plotH = height - SERIES.top - SERIES.bottom;
  const shown = orbit.series.slice(0, JOINED_STEPS);
  const n = shown.length;
  const px = (t) => left + (t / Math.max(1, n - 1)) * plotW;
  const py = (v) => SERIES.top + ((hi - v) / (hi - lo)) * plotH;
  const points = shown.map((v, t) => [px(t), v === null ? null : py(v)]);
  svg.append(
    el('rect', { x: left, y: SERIES.top, width: plotW, height: plotH, fill: 'none', stroke: '#444' }),
    el('path', { d: pathData(points), fill: 'none', stroke: '#9ecae1', 'stroke-width': 1 }),
  );
  const dots = el('g', { fill: '#08306b' });
  for (const [x, y] of points) if (y !== null) dots.append(el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 1.8 }));
  svg.append(dots);
  for (const v of [lo + pad, hi - pad]) svg.append(el('text', { x: left - 6, y: py(v) + 4, 'text-anchor': 'end' }, formatValue(v)));
  const last = orbit.firstStep + n - 1;
  svg.append(
    el('text', { x: left, y: height - 18, 'text-anchor': 'start' }, `step ${orbit.firstStep}`),
    el('text', { x: left + plotW, y: height - 18, 'text-anchor': 'end' }, `step ${last}`),
    el(
      'text',
      { x: left + plotW / 2, y: height - 4, 'text-anchor': 'middle' },
      width < 300
        ? `first ${n} of ${orbit.series.length} steps`
        : `${observableLabel}, first ${n} of ${orbit.series.length} recorded steps`,
    ),
  );
}

/**
 * The return map: (x_t, x_{t+1}) for every recorded step, with the diagonal x_{t+1} = x_t. A
 * k-cycle is k points; a cobweb (where the observable is the whole 1-D state) walks the orbit's
 * first steps between the map and the diagonal.
 */
function drawReturnMap(svg, series, observableLabel, size, { lo, hi, pad }, cobweb, compact = false) {
  svg.replaceChildren();
  // compact (a pinned card): no labels, the series beside it has them
  const m = compact ? { left: 4, right: 4, top: 8, bottom: 4 } : { left: 60, right: 10, top: 8, bottom: 34 };
  const side = size - m.left - m.right;
  svg.setAttribute('width', size);
  svg.setAttribute('height', side + m.top + m.bottom);
  const px = (v) => m.left + ((v - lo) / (hi - lo)) * side;
  const py = (v) => m.top + ((hi - v) / (hi - lo)) * side;
  svg.append(
    el('rect', { x: m.left, y: m.top, width: side, height: side, fill: 'none', stroke: '#444' }),
    el('line', { x1: px(lo), y1: py(lo), x2: px(hi), y2: py(hi), stroke: '#aaa', 'stroke-dasharray': '4 3' }),
  );
  if (cobweb) {
    const steps = [];
    for (let t = 0; t + 1 < series.length && t < COBWEB_STEPS; t++) {
      const [a, b] = [series[t], series[t + 1]];
      if (a === null || b === null) break;
      steps.push([px(a), py(a)], [px(a), py(b)]);
    }
    svg.append(el('path', { class: 'cobweb', d: pathData(steps), fill: 'none', stroke: '#e6550d', 'stroke-width': 0.8 }));
  }
  const dots = el('g', { class: 'return-points', fill: '#08306b' });
  const seen = new Set();
  for (let t = 0; t + 1 < series.length; t++) {
    const [a, b] = [series[t], series[t + 1]];
    if (a === null || b === null) continue;
    const key = `${px(a).toFixed(1)},${py(b).toFixed(1)}`;
    if (seen.has(key)) continue; // a cycle revisits its points: one dot each
    seen.add(key);
    dots.append(el('circle', { cx: px(a).toFixed(1), cy: py(b).toFixed(1), r: 2.2 }));
  }
  svg.append(dots);
  // the data's extremes, as on the series beside: x_{t+1} up the side, x_t along the bottom
  const [low, high] = [lo + pad, hi - pad];
  if (compact) return;
  svg.append(
    el('text', { x: m.left - 6, y: py(high) + 4, 'text-anchor': 'end' }, formatValue(high)),
    el('text', { x: m.left - 6, y: py(low) + 4, 'text-anchor': 'end' }, formatValue(low)),
    el('text', { x: px(low), y: m.top + side + 13, 'text-anchor': 'start' }, formatValue(low)),
    el('text', { x: px(high), y: m.top + side + 13, 'text-anchor': 'end' }, formatValue(high)),
    el('text', { x: m.left + side / 2, y: m.top + side + 28, 'text-anchor': 'middle' }, `${observableLabel}: x_t → x_t+1`),
  );
}

/** A pinned orbit's card: its title and small copies of its two plots (`remove` unpins it). */
export function pinnedCard(orbit, session, observableLabel, color, remove) {
  const card = document.createElement('li');
  card.className = 'pinned-card';
  card.dataset.value = String(orbit.value);
  card.style.borderLeftColor = color;
  const title = document.createElement('p');
  title.textContent = orbitTitle(orbit, session).replace(/^orbit at /, '');
  const unpin = document.createElement('button');
  unpin.type = 'button';
  unpin.textContent = '×';
  unpin.title = 'unpin';
  unpin.addEventListener('click', remove);
  title.prepend(unpin);
  card.append(title);
  const values = orbit.series.filter((v) => v !== null);
  if (values.length) {
    const range = paddedRange(values);
    const plots = document.createElement('div');
    const series = el('svg');
    const returnMap = el('svg');
    drawSeries(series, orbit, observableLabel, 250, range, 110);
    drawReturnMap(returnMap, orbit.series, observableLabel, 86, range, false, true);
    plots.append(series, returnMap);
    card.append(plots);
  }
  return card;
}
