// The orbit of one grid point, under the diagram: the observable against the step over the
// recorded window, titled with the point's period, regime and Lyapunov exponents — the row the
// attractor table has for it.
import { el, pathData } from './svg.js';

const SIZE = { width: 800, height: 220, left: 86, right: 24, top: 10, bottom: 36 };

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

/** Shows `orbit` (the /api/orbit answer) in the panel. */
export function showOrbit(section, orbit, session, observableLabel, width) {
  const { row } = orbit;
  const exponents = Object.keys(row)
    .filter((k) => /^lyap_\d+$/.test(k))
    .map((k) => `${k.replace('lyap_', 'λ')} = ${formatValue(row[k])}`);
  section.hidden = false;
  section.dataset.index = String(orbit.index);
  section.dataset.period = String(row.period);
  section.dataset.regime = String(row.regime);
  const at = `orbit at ${session.parameterSymbol} = ${formatValue(orbit.value)}`;
  section.querySelector('#orbit-title').textContent =
    row.regime === 'diverged'
      ? `${at}: diverged`
      : `${at}: ${periodText(row.period, row.regime)} · ${row.regime} · ${exponents.join(', ')} (per step, lyap_err ${formatValue(row.lyap_err)})`;

  const svg = section.querySelector('#orbit-plot');
  svg.replaceChildren();
  svg.setAttribute('width', width);
  svg.setAttribute('height', SIZE.height);
  // aligned with the diagram's axis under it; narrower beside it
  const left = width < 600 ? 60 : SIZE.left;
  const plotW = width - left - SIZE.right;
  const plotH = SIZE.height - SIZE.top - SIZE.bottom;
  const values = orbit.series.filter((v) => v !== null);
  if (values.length === 0) {
    svg.append(el('text', { x: left, y: SIZE.top + 20 }, `no recorded orbit: the point diverged at step ${row.diverged_at ?? '?'}`));
    return;
  }
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-12, 0.05 * Math.abs(hi));
  lo -= pad;
  hi += pad;
  const n = orbit.series.length;
  const px = (t) => left + (t / Math.max(1, n - 1)) * plotW;
  const py = (v) => SIZE.top + ((hi - v) / (hi - lo)) * plotH;
  const points = orbit.series.map((v, t) => [px(t), v === null ? null : py(v)]);
  // joined by a line only while steps stay apart: a long record's line would fill the panel
  if (n <= plotW / 4) svg.append(el('path', { d: pathData(points), fill: 'none', stroke: '#9ecae1', 'stroke-width': 0.7 }));
  svg.append(el('rect', { x: left, y: SIZE.top, width: plotW, height: plotH, fill: 'none', stroke: '#444' }));
  const dots = el('g', { fill: '#08306b' });
  for (const [x, y] of points) if (y !== null) dots.append(el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 1.3 }));
  svg.append(dots);
  for (const v of [lo + pad, hi - pad]) {
    svg.append(el('text', { x: left - 6, y: py(v) + 4, 'text-anchor': 'end' }, formatValue(v)));
  }
  svg.append(
    el('text', { x: left, y: SIZE.height - 18, 'text-anchor': 'start' }, `step ${orbit.firstStep}`),
    el('text', { x: left + plotW, y: SIZE.height - 18, 'text-anchor': 'end' }, `step ${orbit.firstStep + n - 1}`),
    el('text', { x: left + plotW / 2, y: SIZE.height - 4, 'text-anchor': 'middle' }, `${observableLabel} over the recorded steps`),
  );
}
