/**
 * Final NTK eigenvalue (= sharpness at the minimum) that gradient flow reaches from (f0, λ0).
 *
 * With a = γ√s v and b = γUx, gradient flow moves a ± b along fixed directions: a + b shrinks by
 * e^{−K} and a − b grows by e^{K} (K = ∫ √ε Δf dt), so with P = ‖a₀+b₀‖² = λ0 + 2√ε f0 and
 * M = ‖a₀−b₀‖² = λ0 − 2√ε f0, and w = e^{2K}:
 *   f = (P/w − M w) / (4√ε),   λ = (P/w + M w) / 2.
 * The flow stops where f = y: M w² + 4√ε y w − P = 0, whose positive root gives λ∞.
 * GD with a small learning rate follows this; it is stable at the end iff η λ∞ < 2.
 */
export function gradientFlowFinalNtk(f0: number, ntk0: number, eps: number, target: number): number {
  const r = Math.sqrt(eps);
  const P = ntk0 + 2 * r * f0;
  const M = ntk0 - 2 * r * f0;
  if (M <= 0) {
    // a₀ = b₀: then f ≥ 0 for ever, P/w = 4√ε y, λ∞ = 2√ε y (unreachable for y < 0)
    return target > 0 ? 2 * r * target : NaN;
  }
  const B = 4 * r * target;
  const w = (-B + Math.sqrt(B * B + 4 * M * P)) / (2 * M);
  return 0.5 * (P / w + M * w);
}
