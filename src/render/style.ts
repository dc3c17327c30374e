/** Colours and sizes shared by every figure, chosen to print well in colour and greyscale. */
export const COLORS = {
  loss: '#1f4e99',
  sharpness: '#c0392b',
  ntk: '#7f8c8d',
  /** λ_max(P⁻¹H), the adaptive optimizers' preconditioned sharpness */
  preconditioned: '#7d3c98',
  reference: '#111111',
  /** a schedule's learning rate η_t */
  eta: '#2e7d32',
  lyapunov: '#1f4e99',
  grid: 'rgba(0,0,0,0.08)',
} as const;

export const LINE_WIDTH = 1.3;

/** Fixed-size figure for papers: 1600×1000 px reads at full column width. */
export const FIGURE = { width: 1600, height: 1000 } as const;

/** Compact number for titles and legends: 0.05, 1.25e-3, 40. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(x.toPrecision(6)));
  return x.toExponential(3).replace(/\.?0+e/, 'e');
}
