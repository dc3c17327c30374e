/**
 * How finely a view may slice its parameter axis. Below a few thousand units in the last place
 * between neighbouring grid points the points are no longer distinct numbers (or barely): the
 * sweep would draw the same orbit many times over, flat bands that look like structure. Such a
 * zoom is refused with a message rather than drawn.
 */
export const MIN_ULPS_PER_GRID_STEP = 1024;

/** The smallest span (to − from) a view of `points` grid points may have around from and to. */
export function minResolvableSpan(from: number, to: number, points: number): number {
  const magnitude = Math.max(Math.abs(from), Math.abs(to), Number.MIN_VALUE);
  return MIN_ULPS_PER_GRID_STEP * Number.EPSILON * magnitude * Math.max(1, points - 1);
}

/** A one-line reason the view's range is below floating-point resolution, or null if it is not. */
export function unresolvableRange(from: number, to: number, points: number): string | null {
  const min = minResolvableSpan(from, to, points);
  if (to - from >= min) return null;
  return `the range ${from} … ${to} (span ${(to - from).toExponential(2)}) is below floating-point resolution for ${points} grid points; expected a span of at least ${min.toExponential(2)}, or fewer columns`;
}
