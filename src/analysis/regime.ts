/**
 * Long-run behaviour of one orbit. The code is what workers send; the name is what tables show.
 * New regimes go at the end, so the earlier codes keep their meaning.
 */
export const REGIMES = ['converged', 'periodic', 'chaotic', 'quasiperiodic', 'diverged', 'settling'] as const;
export type Regime = (typeof REGIMES)[number];

export const REGIME_CODE: Record<Regime, number> = {
  converged: 0,
  periodic: 1,
  chaotic: 2,
  quasiperiodic: 3,
  diverged: 4,
  settling: 5,
};

export interface Classification {
  regime: Regime;
  /** 1 fixed point, p a p-cycle, 0 no period up to the maximum, −1 diverged */
  period: number;
}

/**
 * Classifies an orbit that did not diverge.
 *
 * A detected period wins over the Lyapunov exponent: the UV map has a neutral direction (the line
 * of minima), so a converged orbit has λ_max = 0 and must not be called quasiperiodic. Without a
 * period, an observable that still trends across the record (`trending`, settlingTest) is
 * settling: the orbit has not reached its attractor, so λ_max says nothing about one. Otherwise
 * λ_max decides: clearly positive is chaos, clearly negative an attracting cycle longer
 * than the maximum period (period 0), and zero within tolerance quasiperiodic. With Lyapunov
 * exponents off (lyapMax NaN), an orbit without a period is reported chaotic.
 */
export function classifyOrbit(period: number, lyapMax: number, zeroTolerance: number, trending = false): Classification {
  if (period === 1) return { regime: 'converged', period };
  if (period > 1) return { regime: 'periodic', period };
  if (trending) return { regime: 'settling', period: 0 };
  if (Number.isNaN(lyapMax) || lyapMax > zeroTolerance) return { regime: 'chaotic', period: 0 };
  if (lyapMax < -zeroTolerance) return { regime: 'periodic', period: 0 };
  return { regime: 'quasiperiodic', period: 0 };
}
