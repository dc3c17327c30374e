// What a view will take, in seconds: calibrated on this machine from the progress of the views
// already computed (seconds per point and step, from the first chunks of each pass), so slow
// kinds (mlp) are budgeted by time rather than by steps. Unknown until some points have finished.

/** The page refuses to start a view estimated to take longer than this (the server's step budget stays the hard cap). */
export const TIME_BUDGET_SECONDS = 300;

let secondsPerPointStep = null;

/** Takes a progress frame ({ done, seconds }) of a pass of `steps` steps per point into the calibration. */
export function calibrate(progress, steps) {
  if (progress.done > 0 && progress.seconds > 0) secondsPerPointStep = progress.seconds / (progress.done * steps);
}

/** Grid points a view computes in all: its coarse pass (if it has one) and its full pass. */
export function pointsComputed(columns, coarse) {
  const coarsePoints = Math.max(coarse.min, Math.ceil(columns / coarse.factor));
  return coarsePoints < columns ? coarsePoints + columns : columns;
}

/** Estimated seconds for `columns` × `steps`, or null before any calibration. */
export function estimateSeconds(columns, steps, coarse) {
  return secondsPerPointStep === null ? null : secondsPerPointStep * pointsComputed(columns, coarse) * steps;
}

/** Seconds left in a pass, from its own progress so far. */
export function secondsLeft(progress) {
  return progress.done > 0 ? (progress.seconds / progress.done) * (progress.total - progress.done) : null;
}

export function formatSeconds(s) {
  if (s === null) return '?';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${Math.round(s / 60)} min`;
}
