import type { UvModelSpec } from './spec-schema.js';

/** The constants of a UV model that its function-space dynamics depend on. */
export interface UvConstants {
  /** γ */
  multiplier: number;
  /** ‖x‖² */
  inputNorm2: number;
  /** ε = γ²‖x‖² */
  eps: number;
  /** y */
  target: number;
}

export function uvConstants(model: UvModelSpec): UvConstants {
  const multiplier = model.multiplier;
  return {
    multiplier,
    inputNorm2: model.inputNorm2,
    eps: multiplier * multiplier * model.inputNorm2,
    target: model.target,
  };
}

/**
 * The learning rate above which no minimum is stable: every minimum has λ ≥ 2√ε|y|, and GD on a
 * minimum is stable only while ηλ < 2. Infinite for a zero target.
 */
export function edgeOfStabilityEta(c: UvConstants): number {
  return 1 / (Math.sqrt(c.eps) * Math.abs(c.target));
}

/** Smallest NTK eigenvalue any weights with output f can have: λ ≥ 2√ε|f|. */
export function minimumNtk(f: number, eps: number): number {
  return 2 * Math.sqrt(eps) * Math.abs(f);
}
