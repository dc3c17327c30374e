/** A rectangle of data coordinates; an open side is ±Infinity. */
export interface DataBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * Whether a dataset leaves any mark inside the box: one of its points lies in it, or, when the
 * points are joined by lines, a segment between two consecutive finite points crosses it
 * (Liang–Barsky clipping; NaN breaks the line, as Chart.js draws with spanGaps off). Exact for
 * linear axes; on a log axis straight segments are curves, but every segment the figures draw
 * there is horizontal or vertical, for which it is exact too.
 */
export function drawnInBox(points: readonly { x: number; y: number }[], box: DataBox, joined: boolean): boolean {
  const inside = (p: { x: number; y: number }) => p.x >= box.xMin && p.x <= box.xMax && p.y >= box.yMin && p.y <= box.yMax;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    if (inside(p)) return true;
    const q = points[i + 1];
    if (joined && q && Number.isFinite(q.x) && Number.isFinite(q.y) && segmentCrosses(p, q, box)) return true;
  }
  return false;
}

function segmentCrosses(p: { x: number; y: number }, q: { x: number; y: number }, box: DataBox): boolean {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  // each side as (direction, distance inside): p + t·d stays inside while t·direction ≤ distance
  const sides: [number, number][] = [
    [-dx, p.x - box.xMin],
    [dx, box.xMax - p.x],
    [-dy, p.y - box.yMin],
    [dy, box.yMax - p.y],
  ];
  for (const [direction, distance] of sides) {
    if (direction === 0) {
      if (distance < 0) return false;
      continue;
    }
    const t = distance / direction;
    if (direction < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}
