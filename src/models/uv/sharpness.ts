/**
 * Closed-form sharpness (top eigenvalue of the loss Hessian) of the UV model.
 *
 * H = g gᵀ + Δf ∇²f with g = ∇f. ∇²f couples U and v only through x, so on the 2n-dimensional
 * subspace {(a x̂ᵀ, b)} it acts as √ε [[0, I], [I, 0]] and vanishes elsewhere; g lies in that
 * subspace. Splitting g into the ±1 eigenspaces of that swap gives norms p², q² with
 * p² + q² = λ and p² − q² = 2√ε f, so on span{g₊, g₋}
 *
 *   H = [[p² + √ε Δf, p q], [p q, q² − √ε Δf]],   trace = λ,   det = −ε Δf (2f + Δf).
 *
 * The remaining eigenvalues are ±√ε Δf and 0, all bounded by the larger root, so
 *
 *   sharpness = λ/2 + √(λ²/4 + ε Δf (2f + Δf)).
 *
 * At a minimum (Δf = 0) it reduces to λ. The radicand equals λ²/4 − εf² + ε(2f − y)², which is
 * non-negative whenever λ ≥ 2√ε|f| (true for every realisable state).
 */
export function uvSharpness(f: number, ntk: number, eps: number, target: number): number {
  const r = f - target;
  const radicand = 0.25 * ntk * ntk + eps * r * (2 * f + r);
  return 0.5 * ntk + Math.sqrt(Math.max(radicand, 0));
}

/** Loss ½(f − y)². */
export function uvLoss(f: number, target: number): number {
  const r = f - target;
  return 0.5 * r * r;
}
