/**
 * Axis labels of the observables an adaptive optimizer adds to a sweep (PRECONDITIONED_OBSERVABLES):
 * the sharpness of the preconditioned step, λ_max(P⁻¹H) with P = diag(√ŝ + ε), and η times it.
 * Every model kind trained by gradient lists them beside its own.
 */
export const PRECONDITIONED_OBSERVABLE_LABEL = {
  eta_preconditioned_sharpness: 'η × λ_max(P⁻¹H)',
  preconditioned_sharpness: 'λ_max(P⁻¹H) (preconditioned sharpness)',
} as const;
