/** Long-run categories of a phase-diagram cell, in legend order. */
export const PHASE_CATEGORIES = [
  'converged below 2/η',
  'edge of stability (2-cycle)',
  'higher period',
  'quasiperiodic (λ_max ≈ 0)',
  'chaotic',
  'diverged',
  // last, so the earlier indices keep their meaning; the figure lists it only when a cell has it
  'settling (still trending)',
] as const;

/** Early-time sharpness trends, in shade order (light, medium, dark). */
export const EARLY_TRENDS = ['reduction', 'flat', 'sharpening'] as const;

/**
 * Training outcomes of a phase-diagram cell classified by outcome (phase spec `classify: "outcome"`),
 * in legend order; sweep/training-outcome.ts says which is which.
 */
export const OUTCOMES = ['trains', 'catapult then trains', 'stuck', 'diverges'] as const;

export type Outcome = (typeof OUTCOMES)[number];
