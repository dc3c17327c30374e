// The bifurcation diagram of one frame: the density pixels (computed by the server with the
// CLI's colours) in a canvas, and in an SVG over it the axes, ticks, labels, reference lines and
// the λ_max panel, laid out like the PNG: observable above, λ_max below, parameter along x.
import { el, pathData } from './svg.js';

export const MARGIN = { left: 86, right: 24, top: 10, gap: 14, bottom: 50 };
/** The observable panel's height: at most this, less where the window is shorter (main.js fits it). */
export const OBS_HEIGHT = 420;
export const MIN_OBS_HEIGHT = 200;
export const LYAP_HEIGHT = 130;

/** Plot geometry for a plot area `width` × `obsHeight` pixels (the observable panel). */
export function geometry(width, obsHeight = OBS_HEIGHT) {
  const obsTop = MARGIN.top;
  const lyapTop = obsTop + obsHeight + MARGIN.gap;
  return {
    left: MARGIN.left,
    width,
    obsTop,
    obsHeight,
    lyapTop,
    lyapHeight: LYAP_HEIGHT,
    totalWidth: MARGIN.left + width + MARGIN.right,
    totalHeight: lyapTop + LYAP_HEIGHT + MARGIN.bottom,
  };
}

/** Parameter ↔ pixel along x, on the frame's linear or log axis. */
export function xScale(header, g) {
  const log = header.scale === 'log';
  const f = (v) => (log ? Math.log(v) : v);
  const a = f(header.x.min);
  const b = f(header.x.max);
  return {
    toPx: (v) => g.left + ((f(v) - a) / (b - a)) * g.width,
    fromPx: (px) => {
      const t = a + ((px - g.left) / g.width) * (b - a);
      return log ? Math.exp(t) : t;
    },
  };
}

/** Value ↔ pixel on a vertical axis [min, max] drawn from `top` over `height` pixels. */
export function yScale(min, max, top, height) {
  return {
    toPx: (v) => top + ((max - v) / (max - min)) * height,
    fromPx: (px) => max - ((px - top) / height) * (max - min),
  };
}

/** The grid index whose cell holds parameter value v (cells centred on the grid points). */
export function indexAt(header, v) {
  const { from, to } = header.view;
  const log = header.scale === 'log';
  const t = log ? Math.log(v / from) / Math.log(to / from) : (v - from) / (to - from);
  return Math.min(header.points - 1, Math.max(0, Math.round(t * (header.points - 1))));
}

export function drawFrame(canvas, svg, header, rgba) {
  const g = geometry(header.width, header.height);
  canvas.width = header.width;
  canvas.height = header.height;
  canvas.style.left = `${g.left}px`;
  canvas.style.top = `${g.obsTop}px`;
  canvas.style.width = `${header.width}px`;
  canvas.style.height = `${header.height}px`;
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.putImageData(new ImageData(rgba, header.width, header.height), 0, 0);

  svg.replaceChildren();
  svg.setAttribute('width', g.totalWidth);
  svg.setAttribute('height', g.totalHeight);
  const x = xScale(header, g);
  const yObs = yScale(header.y.min, header.y.max, g.obsTop, g.obsHeight);
  const yLyap = yScale(header.lyap.min, header.lyap.max, g.lyapTop, g.lyapHeight);
  const defs = el('defs');
  defs.append(clip('clip-obs', g.left, g.obsTop, g.width, g.obsHeight), clip('clip-lyap', g.left, g.lyapTop, g.width, g.lyapHeight));
  svg.append(defs);

  // grid and ticks
  const grid = el('g', { stroke: 'rgba(0,0,0,0.08)' });
  const labels = el('g');
  for (const tick of header.x.ticks) {
    const px = x.toPx(tick.value);
    grid.append(
      el('line', { x1: px, x2: px, y1: g.obsTop, y2: g.obsTop + g.obsHeight }),
      el('line', { x1: px, x2: px, y1: g.lyapTop, y2: g.lyapTop + g.lyapHeight }),
    );
    labels.append(el('text', { x: px, y: g.lyapTop + g.lyapHeight + 16, 'text-anchor': 'middle', class: 'x-tick' }, tick.label));
  }
  for (const tick of header.y.ticks) {
    const py = yObs.toPx(tick.value);
    grid.append(el('line', { x1: g.left, x2: g.left + g.width, y1: py, y2: py }));
    labels.append(el('text', { x: g.left - 6, y: py + 4, 'text-anchor': 'end', class: 'y-tick' }, tick.label));
  }
  for (const tick of header.lyap.ticks) {
    const py = yLyap.toPx(tick.value);
    grid.append(el('line', { x1: g.left, x2: g.left + g.width, y1: py, y2: py }));
    labels.append(el('text', { x: g.left - 6, y: py + 4, 'text-anchor': 'end', class: 'lyap-tick' }, tick.label));
  }
  svg.append(grid, labels);

  // reference lines of the PNG, clipped to their panel
  for (const line of header.references) {
    const y = line.axis === 'lyap' ? yLyap : yObs;
    const d = pathData(line.points.map(([vx, vy]) => [x.toPx(vx), vy === null ? null : y.toPx(vy)]));
    svg.append(
      el('path', {
        d,
        fill: 'none',
        stroke: line.color,
        'stroke-width': 1.3,
        'stroke-dasharray': line.dash.join(' '),
        'clip-path': `url(#clip-${line.axis})`,
      }),
    );
  }

  // λ_max, drawn at the panel's floor where it lies below it (as the PNG clips it)
  const lyapPoints = header.values.map((v, i) => [
    x.toPx(v),
    header.lyapMax[i] === null ? null : yLyap.toPx(Math.max(header.lyapMax[i], header.lyap.min)),
  ]);
  svg.append(
    el('path', { d: pathData(lyapPoints), fill: 'none', stroke: header.lyapunovColor, 'stroke-width': 1, 'clip-path': 'url(#clip-lyap)' }),
  );

  // frames and titles
  svg.append(
    el('rect', { x: g.left, y: g.obsTop, width: g.width, height: g.obsHeight, fill: 'none', stroke: '#444' }),
    el('rect', { x: g.left, y: g.lyapTop, width: g.width, height: g.lyapHeight, fill: 'none', stroke: '#444' }),
    el('text', { x: g.left + g.width / 2, y: g.totalHeight - 8, 'text-anchor': 'middle', class: 'title x-title' }, header.x.label),
    rotated(header.y.label, 16, g.obsTop + g.obsHeight / 2),
    rotated('λ_max', 16, g.lyapTop + g.lyapHeight / 2),
  );
  return g;
}

function clip(id, x, y, width, height) {
  const node = el('clipPath', { id });
  node.append(el('rect', { x, y, width, height }));
  return node;
}

function rotated(text, x, y) {
  return el('text', { x, y, transform: `rotate(-90 ${x} ${y})`, 'text-anchor': 'middle', class: 'title' }, text);
}

/** The legend under the figure: the density, each reference line, λ_max. */
export function drawLegend(list, header) {
  list.replaceChildren();
  const item = (swatch, label) => {
    const li = document.createElement('li');
    li.append(swatch, document.createTextNode(label));
    list.append(li);
  };
  const box = el('svg', { width: 22, height: 10 });
  box.append(el('rect', { x: 0, y: 0, width: 22, height: 10, fill: header.densityColor }));
  item(box, 'attractor density (log, per column)');
  if (header.regime.includes('diverged')) {
    const grey = el('svg', { width: 22, height: 10 });
    grey.append(el('rect', { x: 0, y: 0, width: 22, height: 10, fill: '#e4e4e4' }));
    item(grey, 'diverged');
  }
  if (header.regime.includes('settling')) {
    const brown = el('svg', { width: 22, height: 10 });
    brown.append(el('rect', { x: 0, y: 0, width: 22, height: 10, fill: '#a0522d' }));
    item(brown, 'settling (still trending at the end of the record)');
  }
  for (const line of header.references) {
    const s = el('svg', { width: 28, height: 10 });
    s.append(el('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: line.color, 'stroke-width': 1.5, 'stroke-dasharray': line.dash.join(' ') }));
    item(s, line.label);
  }
  const s = el('svg', { width: 28, height: 10 });
  s.append(el('line', { x1: 0, x2: 28, y1: 5, y2: 5, stroke: header.lyapunovColor, 'stroke-width': 1.5 }));
  item(s, 'largest Lyapunov exponent λ_max');
}

/**
 * Marks columns across both panels: the orbit shown beside (orange) and the pinned ones (their
 * card's colour). `marks`: [{ value, color }]; those outside the view are left out.
 */
export function markColumns(svg, header, g, marks) {
  for (const old of svg.querySelectorAll('.column-marker')) old.remove();
  const x = xScale(header, g);
  for (const { value, color } of marks) {
    if (value === null || value < header.x.min || value > header.x.max) continue;
    const px = x.toPx(value);
    svg.append(
      el('line', {
        class: 'column-marker',
        x1: px,
        x2: px,
        y1: g.obsTop,
        y2: g.lyapTop + g.lyapHeight,
        stroke: color,
        'stroke-width': 1.5,
        opacity: 0.85,
      }),
    );
  }
}
