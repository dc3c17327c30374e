import { eigenvalues2x2 } from '../analysis/periodic-orbit.js';

/** Multipliers of a fixed point or cycle: eigenvalues of its monodromy matrix, larger modulus first. */
export interface Multiplier {
  re: number;
  im: number;
}

export type CycleType = 'sink' | 'source' | 'saddle' | 'flip saddle' | 'neutral';

/** A multiplier within this of the unit circle is neutral (the linearisation cannot decide). */
const NEUTRAL = 1e-9;

export function multipliers(monodromy: Float64Array, k: number): Multiplier[] {
  if (k === 1) return [{ re: monodromy[0], im: 0 }];
  const [re1, im1, re2, im2] = eigenvalues2x2(monodromy);
  return [
    { re: re1, im: im1 },
    { re: re2, im: im2 },
  ];
}

/**
 * sink: every |μ| < 1; source: every |μ| > 1; saddle: one in, one out, the outgoing one > 1;
 * flip saddle: the outgoing one < −1 (orbits near it alternate sides); neutral: some |μ| = 1.
 */
export function cycleType(mu: readonly Multiplier[]): CycleType {
  const moduli = mu.map((m) => Math.hypot(m.re, m.im));
  if (moduli.some((r) => Math.abs(r - 1) <= NEUTRAL)) return 'neutral';
  if (moduli.every((r) => r < 1)) return 'sink';
  if (moduli.every((r) => r > 1)) return 'source';
  const out = mu.find((_, i) => moduli[i] > 1)!;
  return out.re < 0 ? 'flip saddle' : 'saddle';
}

/** A multiplier as a CSV cell: the real number, or "re+imi" for a complex one. */
export function formatMultiplier(m: Multiplier): string | number {
  if (m.im === 0) return m.re;
  return `${m.re}${m.im < 0 ? '-' : '+'}${Math.abs(m.im)}i`;
}
