/**
 * Min–max decimation of a long series for line plots: per bucket of consecutive samples it keeps
 * the first, smallest, largest and last values, in time order, so oscillation envelopes and
 * spikes survive while a million-step run becomes a few thousand points.
 */
export interface XY {
  x: number;
  y: number;
}

export function decimateMinMax(length: number, xAt: (i: number) => number, yAt: (i: number) => number, buckets: number): XY[] {
  const out: XY[] = [];
  if (length <= buckets * 4) {
    for (let i = 0; i < length; i++) pushFinite(out, xAt(i), yAt(i));
    return out;
  }
  const size = length / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(length, Math.floor((b + 1) * size));
    if (end <= start) continue;
    // extremes over the finite values only: a series may have gaps (NaN), e.g. every k-th step
    let iMin = -1;
    let iMax = -1;
    for (let i = start; i < end; i++) {
      const y = yAt(i);
      if (!Number.isFinite(y)) continue;
      if (iMin < 0 || y < yAt(iMin)) iMin = i;
      if (iMax < 0 || y > yAt(iMax)) iMax = i;
    }
    const picks = [start, iMin, iMax, end - 1].filter((i) => i >= 0).sort((a, b2) => a - b2);
    let last = -1;
    for (const i of picks) {
      if (i !== last) pushFinite(out, xAt(i), yAt(i));
      last = i;
    }
  }
  return out;
}

function pushFinite(out: XY[], x: number, y: number): void {
  if (Number.isFinite(y)) out.push({ x, y });
}
