import { formatNumber } from './style.js';

/**
 * Tick label callbacks. Chart.js's default log-axis labels print every minor tick in full
 * decimal, which is unreadable; these keep decades only (thinned to about eight) and hide the
 * one tick that would collide with a stacked neighbour panel.
 */
type TickCallback = (value: number | string, index: number, ticks: { value: number }[]) => string | null;

export function logDecadeTicks(options: { hideFirst?: boolean } = {}): TickCallback {
  return (value, index, ticks) => {
    if (options.hideFirst && index === 0) return null;
    const v = Number(value);
    const exponent = Math.log10(v);
    if (Math.abs(exponent - Math.round(exponent)) > 1e-9) return null;
    const decades = ticks.length ? Math.log10(ticks[ticks.length - 1].value / ticks[0].value) : 1;
    const every = Math.max(1, Math.ceil(decades / 8));
    if (Math.round(exponent) % every !== 0) return null;
    const e = Math.round(exponent);
    return e >= -2 && e <= 3 ? String(10 ** e) : `1e${e}`;
  };
}

export function linearTicks(options: { hideLast?: boolean; hideFirst?: boolean } = {}): TickCallback {
  return (value, index, ticks) => {
    if (options.hideLast && index === ticks.length - 1) return null;
    if (options.hideFirst && index === 0) return null;
    return tickLabel(Number(value), tickStep(ticks));
  };
}

/** The regular spacing of a linear axis's ticks: the widest gap (the end ticks may sit closer, at min and max). */
function tickStep(ticks: { value: number }[]): number {
  let step = 0;
  for (let i = 1; i < ticks.length; i++) step = Math.max(step, Math.abs(ticks[i].value - ticks[i - 1].value));
  return step;
}

/**
 * A tick's label with as many digits as its axis's step needs, so that neighbouring ticks never
 * read the same: on a range 2e-7 wide about 1.8, 1.8000452 and 1.8000454, not 1.80005 twice.
 * Wide steps keep formatNumber's compact form.
 */
export function tickLabel(value: number, step: number): string {
  if (!(step > 0) || !Number.isFinite(value)) return formatNumber(value);
  if (Math.abs(value) < step * 1e-6) return '0'; // 1e-17 from float rounding is zero
  const compact = formatNumber(value);
  if (Math.abs(Number(compact) - value) < step * 1e-3) return compact;
  // the decimals that write the step exactly (to 1e-6 of itself), within what a double holds
  let decimals = Math.max(0, -Math.floor(Math.log10(step)));
  while (decimals < 20 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6 * step * 10 ** decimals) decimals++;
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toFixed(decimals)));
  const exponent = Math.floor(Math.log10(abs));
  return value.toExponential(Math.min(20, Math.max(0, exponent + decimals))).replace(/\.?0+e/, 'e');
}

/**
 * Evenly spaced round ticks covering [low, high]: the smallest step of 1, 2, 2.5 or 5 × 10^k that
 * needs at most `maxTicks` ticks, the ends widened to whole steps. Values are rounded to the
 * step's precision, so 0.1 × 3 reads 0.3, not 0.30000000000000004.
 */
export function niceTicks(low: number, high: number, maxTicks: number): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  let exponent = Math.floor(Math.log10(span / maxTicks));
  for (;;) {
    for (const mantissa of [1, 2, 2.5, 5]) {
      const step = mantissa * 10 ** exponent;
      const first = Math.floor(low / step + 1e-9);
      const last = Math.ceil(high / step - 1e-9);
      if (last - first + 1 <= maxTicks) {
        return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
      }
    }
    exponent++;
  }
}
